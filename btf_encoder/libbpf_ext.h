/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the encoder needs from libbpf that libbpf 1.1 (Debian 12) does not
 * offer as a call, in one place.  Each function states the libbpf
 * behaviour it relies on; tests/unit/test_libbpf_ext.c pins each of them,
 * so that a libbpf update that breaks one fails a test, not a kernel
 * build.
 */
#ifndef KBTF_LIBBPF_EXT_H
#define KBTF_LIBBPF_EXT_H

#include <stddef.h>
#include <bpf/btf.h>

/*
 * The type @id of @btf, writable.  Relies on: libbpf keeps the types of a
 * BTF it is building (any btf__add_*() call, or btf__new_empty()) in its
 * own writable buffer, and btf__type_by_id() points into it.  Only for
 * changes that keep the type's size (a name offset, a member's name):
 * nothing else in libbpf caches them.  NULL for an id out of range.
 */
struct btf_type *kbtf_btf_mut_type(struct btf *btf, __u32 id);

/*
 * Set the name of the type @id (just added, with a placeholder name or
 * none, because libbpf refuses an empty name for some kinds or would hash
 * a name the caller already has the offset of) to the string at
 * @name_off, which must be in @btf's string table.  -EINVAL if @id is
 * out of range.
 */
int kbtf_btf_set_name(struct btf *btf, __u32 id, __u32 name_off);

/*
 * btf__dedup(*@btf), telling where the types @ids[0..@nr) went: on
 * success @ids[i] is the id, after dedup, of what was @ids[i] (0 stays 0).
 *
 * libbpf does not report how dedup maps ids.  Relies on: btf__dedup()
 * never merges, drops or reorders VARs, and rewrites their type ids.  One
 * marker VAR per id is added after every other type; after dedup the
 * markers, the last @nr types, give the new ids and are cut off.  Cutting
 * them relies on libbpf's raw layout (header, then types, then strings,
 * see btf__raw_data()): *@btf is replaced by a BTF made anew from the
 * raw data without them.  The markers' one name string stays, unused.
 * Only for BTF without a base.  -Exxx on failure (*@btf may then hold the
 * deduped BTF with the markers).
 */
int kbtf_btf_dedup_tracked(struct btf **btf, __u32 *ids, size_t nr);

/*
 * btf__dedup(@btf), telling where its VARs went: @var_ids[0..@nr) are the
 * ids of the VARs of @btf's own types (after its base), in id order;
 * on success they are the VARs' ids after dedup.  Relies on the same
 * property as kbtf_btf_dedup_tracked(): dedup keeps every VAR, in order.
 * -EPROTO (printed) if the count of VARs changed.
 */
int kbtf_btf_dedup_vars(struct btf *btf, __u32 *var_ids, size_t nr);

#endif /* KBTF_LIBBPF_EXT_H */
