// SPDX-License-Identifier: GPL-2.0-only
/*
 * The pipeline: CUs in fixed groups, encoded by worker threads, merged in
 * group order, then the serial end (choose FUNCs and VARs, add them,
 * dedup, DATASECs).
 *
 *  1. Encode, on the worker threads: CUs go in fixed groups of
 *     consecutive CUs (group_range()).  A worker reads each CU once,
 *     finds its candidates (cands.c) and encodes the group into one BTF
 *     (emit.c).  It dedups the group and learns where each candidate's
 *     prototype or type went (kbtf_btf_dedup_tracked()).
 *  2. The group BTFs are appended in group order, as they come, by the
 *     worker that finishes one (merge_ready()), one worker at a time.
 *  3. Decide, on the main thread: one FUNC per name and one VAR per data
 *     object (funcs.c, vars.c); add those FUNCs and VARs, dedup once
 *     more, so that the result does not depend on the number of threads,
 *     and add the DATASECs.
 *
 * Owns: the worker threads and their libdw handles (enc->clones), the
 * group BTFs until they are merged.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "encoder_int.h"
#include "kbtf_log.h"
#include "libbpf_ext.h"

#define GROUP_CUS 128		/* CUs per group: fixed, for determinism */
#define TAIL_CUS 256		/* the last ones, in groups of TAIL_GROUP */
#define TAIL_GROUP 32
#define MERGE_WINDOW 16		/* groups encoded ahead of the merge */

/*
 * Group @g's CUs, [*first, *end): GROUP_CUS at a time, the last TAIL_CUS
 * TAIL_GROUP at a time, so that the workers finish together instead of
 * one idling through a large last group.  It depends on the number of
 * CUs only, never on the threads.  opts.group_cus (tests only) makes every
 * group that many CUs, so that small images go through many groups and
 * their merge.
 */
static size_t group_cus(const struct kbtf_encoder *enc)
{
	return enc->opts.group_cus ? enc->opts.group_cus : GROUP_CUS;
}

static size_t tail_start(const struct kbtf_encoder *enc)
{
	if (enc->opts.group_cus)
		return enc->nr_cus;
	return enc->nr_cus > TAIL_CUS ? enc->nr_cus - TAIL_CUS : 0;
}

size_t nr_groups(const struct kbtf_encoder *enc)
{
	size_t head = tail_start(enc), n = group_cus(enc);

	return (head + n - 1) / n +
	       (enc->nr_cus - head + TAIL_GROUP - 1) / TAIL_GROUP;
}

static void group_range(const struct kbtf_encoder *enc, size_t g,
			size_t *first, size_t *end)
{
	size_t head = tail_start(enc), n = group_cus(enc),
	       nhead = (head + n - 1) / n;

	if (g < nhead) {
		*first = g * n;
		*end = *first + n < head ? *first + n : head;
	} else {
		*first = head + (g - nhead) * TAIL_GROUP;
		*end = *first + TAIL_GROUP < enc->nr_cus ? *first + TAIL_GROUP :
							  enc->nr_cus;
	}
}

static int encode_group(struct kbtf_encoder *enc, struct kbtf_dwarf *d,
			size_t g, struct kd_cu *cu, struct name_cache *names,
			struct group_result *res, double *t_read)
{
	size_t first, end, i, k, nr = 0;
	__u32 *ids = NULL;
	double tm;
	int err;

	group_range(enc, g, &first, &end);
	*t_read = 0;
	res->btf = btf__new_empty();
	if (!res->btf)
		return -errno;
	/* sizes of pointers (btf__resolve_size) are the target's */
	btf__set_pointer_size(res->btf, enc->elf->is64 ? 8 : 4);
	name_cache__reset(names);
	for (i = first; i < end; i++) {
		err = encode_cu(enc, d, i, cu, res->btf, names, &tm);
		*t_read += tm;
		if (err)
			return err;
	}
	/* the group's DIEs are done with: their pages may go */
	kbtf_dwarf__release(d, enc->cus[first],
			    i < enc->nr_cus ? enc->cus[i] : 0);
	/* the candidates' prototypes and types, to follow through dedup */
	for (i = first; i < end; i++)
		nr += enc->cands[i].nr_funcs + enc->cands[i].nr_vars;
	ids = malloc((nr + 1) * sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	for (i = first, nr = 0; i < end; i++) {
		const struct cu_cands *cc = &enc->cands[i];

		for (k = 0; k < cc->nr_funcs; k++)
			ids[nr++] = cc->funcs[k].proto;
		for (k = 0; k < cc->nr_vars; k++)
			ids[nr++] = cc->vars[k].type;
	}
	/* dedup here, on the worker: what reaches the merge is small */
	tm = kbtf_now();
	err = kbtf_btf_dedup_tracked(&res->btf, ids, nr);
	res->t_dedup = kbtf_now() - tm;
	for (i = first, nr = 0; !err && i < end; i++) {
		struct cu_cands *cc = &enc->cands[i];

		for (k = 0; k < cc->nr_funcs; k++)
			cc->funcs[k].proto = ids[nr++];
		for (k = 0; k < cc->nr_vars; k++)
			cc->vars[k].type = ids[nr++];
	}
	free(ids);
	return err;
}

/* ---- workers ---- */

static void merge_ready(struct kbtf_encoder *enc);

struct worker {
	struct kbtf_encoder *enc;
	struct kbtf_dwarf *dwarf;
	pthread_t tid;
	double t_encode, t_read;
};

/* Groups go in order, at most MERGE_WINDOW ahead of the merge so that
 * memory stays bounded. */
static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	struct kbtf_encoder *enc = w->enc;
	struct name_cache names = {};
	struct kd_cu cu = {};
	double t0, t_read = 0;

	for (;;) {
		size_t idx;
		int err;

		pthread_mutex_lock(&enc->lock);
		while (!enc->abort && enc->next < enc->nr_groups &&
		       enc->next >= enc->merged + MERGE_WINDOW)
			pthread_cond_wait(&enc->cond, &enc->lock);
		if (enc->abort || enc->next >= enc->nr_groups) {
			pthread_mutex_unlock(&enc->lock);
			break;
		}
		idx = enc->next++;
		pthread_mutex_unlock(&enc->lock);

		t0 = kbtf_now();
		err = encode_group(enc, w->dwarf, idx, &cu, &names,
				   &enc->groups[idx], &t_read);
		w->t_encode += kbtf_now() - t0;
		w->t_read += t_read;

		pthread_mutex_lock(&enc->lock);
		enc->groups[idx].err = err;
		enc->groups[idx].done = true;
		if (err && !enc->abort) {
			enc->abort = true;
			enc->err = err;
		}
		merge_ready(enc);
		pthread_cond_broadcast(&enc->cond);
		pthread_mutex_unlock(&enc->lock);
	}
	kbtf_dwarf__cu_free(&cu);
	name_cache__free(&names);
	return NULL;
}

/* ---- merging (workers), then FUNCs and VARs (main thread) ---- */

void free_group(struct group_result *r)
{
	btf__free(r->btf);
	memset(r, 0, sizeof(*r));
}

/* Append group @g's BTF; its candidates' ids follow. */
static int merge_group(struct kbtf_encoder *enc, size_t g)
{
	struct group_result *r = &enc->groups[g];
	size_t first, end, i, k;
	double tm = kbtf_now();
	int id;

	id = btf__add_btf(enc->btf, r->btf);
	if (id < 0)
		return id;
	/* group id n is merged id + n - 1 */
	group_range(enc, g, &first, &end);
	for (i = first; i < end; i++) {
		struct cu_cands *cc = &enc->cands[i];

		for (k = 0; k < cc->nr_funcs; k++) {
			struct func_cand *c = &cc->funcs[k];
			int off;

			c->proto += id - 1;
			/* A function with a global symbol is the one of its
			 * name that gets the FUNC (choose_funcs()): its name
			 * goes in now, while the other worker encodes, and
			 * not in the serial end (where libbpf's string table
			 * would also grow its hash table). */
			if (enc->elf->syms[c->sym].bind != STB_GLOBAL)
				continue;
			off = btf__add_str(enc->btf, c->name);
			if (off < 0)
				return off;
			c->name_off = off;
		}
		for (k = 0; k < cc->nr_vars; k++)
			if (cc->vars[k].type)
				cc->vars[k].type += id - 1;
	}
	enc->stats.t_workers_dedup += r->t_dedup;
	free_group(r);
	enc->stats.t_merge += kbtf_now() - tm;
	return 0;
}

/*
 * Merge the groups that are done, in group order, on the calling worker:
 * one worker merges at a time, the others go on encoding, and no third
 * thread competes for the cores.  Called with enc->lock held.
 */
static void merge_ready(struct kbtf_encoder *enc)
{
	size_t g;
	int err;

	if (enc->merging)
		return;
	enc->merging = true;
	while (!enc->abort && enc->merged < enc->nr_groups &&
	       enc->groups[enc->merged].done) {
		g = enc->merged;
		pthread_mutex_unlock(&enc->lock);
		err = merge_group(enc, g);
		pthread_mutex_lock(&enc->lock);
		enc->merged = g + 1;
		if (err && !enc->abort) {
			enc->abort = true;
			enc->err = err;
		}
		pthread_cond_broadcast(&enc->cond);
	}
	enc->merging = false;
}

static void *reap_clones(void *arg)
{
	struct kbtf_encoder *enc = arg;
	int i;

	for (i = 0; i < enc->nr_clones; i++) {
		kbtf_dwarf__free(enc->clones[i]);
		enc->clones[i] = NULL;
	}
	return NULL;
}

int encoder_run(struct kbtf_encoder *enc)
{
	int nr = enc->opts.nr_threads > 0 ? enc->opts.nr_threads : 1;
	uint32_t *order = NULL, *var_ids = NULL;
	size_t nr_order = 0, i;
	struct worker *ws;
	int err = 0, t, started = 0;
	double t0 = kbtf_now();

	if (!kbtf_dwarf__can_clone(enc->dwarf))
		nr = 1;
	ws = calloc(nr, sizeof(*ws));
	enc->clones = calloc(nr, sizeof(*enc->clones));
	if (!ws || !enc->clones) {
		free(ws);
		return -ENOMEM;
	}
	for (t = 0; t < nr; t++) {
		ws[t].enc = enc;
		ws[t].dwarf = t == 0 ? enc->dwarf : kbtf_dwarf__clone(enc->dwarf);
		if (!ws[t].dwarf) {
			err = -errno;
			goto join;
		}
		if (t)
			enc->clones[enc->nr_clones++] = ws[t].dwarf;
		if (pthread_create(&ws[t].tid, NULL, worker_fn, &ws[t])) {
			err = -EAGAIN;
			goto join;
		}
		started++;
	}
	/* the workers merge the groups: wait for the last one */
	pthread_mutex_lock(&enc->lock);
	while (enc->merged < enc->nr_groups && !enc->abort)
		pthread_cond_wait(&enc->cond, &enc->lock);
	err = enc->err;
	pthread_mutex_unlock(&enc->lock);
	enc->stats.t_encode = kbtf_now() - t0;
join:
	if (err) {
		pthread_mutex_lock(&enc->lock);
		enc->abort = true;
		pthread_cond_broadcast(&enc->cond);
		pthread_mutex_unlock(&enc->lock);
	}
	for (t = 0; t < started; t++) {
		pthread_join(ws[t].tid, NULL);
		enc->stats.t_workers_read += ws[t].t_read;
		enc->stats.t_workers_encode += ws[t].t_encode - ws[t].t_read;
	}
	free(ws);
	if (err)
		return err;
	t0 = kbtf_now();
	for (i = 0; i < enc->nr_cus; i++) {
		enc->stats.nr_var_nosym += enc->cands[i].nr_var_nosym;
		enc->stats.nr_var_zero += enc->cands[i].nr_var_zero;
	}
	err = choose_funcs(enc);
	if (!err)
		err = choose_vars(enc);
	if (!err)
		err = add_funcs(enc);
	if (!err)
		err = add_vars(enc, &order, &nr_order);
	enc->stats.t_decide = kbtf_now() - t0;
	/* The workers' handles are done with (the names of the FUNCs were
	 * read through them): they are torn down on a core that would idle
	 * through the last dedup. */
	if (enc->nr_clones &&
	    !pthread_create(&enc->reaper, NULL, reap_clones, enc))
		enc->reaping = true;
	if (!err) {
		t0 = kbtf_now();
		enc->stats.nr_types_before_dedup = btf__type_cnt(enc->btf) - 1;
		var_ids = calloc(nr_order + 1, sizeof(*var_ids));
		err = var_ids ? kbtf_btf_dedup_vars(enc->btf, var_ids, nr_order) :
				-ENOMEM;
		if (err)
			pr_warn("%s: btf__dedup failed: %s\n", enc->path,
				strerror(-err));
		enc->stats.t_dedup = kbtf_now() - t0;
	}
	if (!err) {
		err = add_datasecs(enc, order, var_ids, nr_order);
		if (err)
			pr_warn("%s: cannot add DATASECs: %s\n", enc->path,
				strerror(-err));
	}
	free(order);
	free(var_ids);
	return err;
}

