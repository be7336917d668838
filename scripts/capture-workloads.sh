# SPDX-License-Identifier: MIT
# scripts/capture-workloads.sh - the workloads of scripts/capture, sourced by
# the guest's /init (capture-init.sh: mark, snap, say, knob, victim).  Each
# workload is a function wl_NAME that takes the snapshots pre, ..., post.
# A "#@ NAME MEM BUFKB TEXT" line gives its default guest memory (MiB), trace
# buffer (KiB, all CPUs together: scripts/capture gives each CPU BUFKB / N)
# and what it does (scripts/capture --help prints them).

#@ mixed 1024 196608 tmpfs files, fork+exec, anonymous and THP memory, loopback ping and TCP, page cache past free RAM, drop_caches, compaction (the shared trace's phases)
wl_mixed() {
	snap pre
	mark "phase tmpfs begin: dd 64MiB to tmpfs, rm"
	dd if=/dev/zero of=/tmp/f bs=1M count=64 2>/dev/null
	rm /tmp/f
	mark "phase tmpfs end"
	mark "phase smallfiles begin: 3000x4KiB tmpfs files, delete odd ones, then all"
	mkdir /tmp/sf
	i=0
	while [ $i -lt 3000 ]; do head -c 4096 /dev/zero > /tmp/sf/$i; i=$((i + 1)); done
	i=1
	while [ $i -lt 3000 ]; do rm /tmp/sf/$i; i=$((i + 2)); done
	rm -rf /tmp/sf
	mark "phase smallfiles end"
	mark "phase forkexec begin: 300 fork+exec of /bin/true"
	for i in $(seq 300); do /bin/true; done
	mark "phase forkexec end"
	snap files
	mark "phase anon begin: 3x ~96MiB anonymous buffer in tail"
	for i in 1 2 3; do head -c 100000000 /dev/zero | tail -n 1 > /dev/null; done
	mark "phase anon end"
	mark "phase thp begin: dd bs=64M (THP-backed buffer), 4 reads of /dev/zero, x3"
	for i in 1 2 3; do dd if=/dev/zero of=/dev/null bs=64M count=4 2>/dev/null; done
	mark "phase thp end"
	snap anon
	mark "phase ping begin: ping -s 60000 and -s 30000 127.0.0.1 x40 (order-3 GFP_ATOMIC in softirq)"
	ping -q -c 40 -i 0.05 -s 60000 127.0.0.1 > /dev/null 2>&1
	ping -q -c 40 -i 0.05 -s 30000 127.0.0.1 > /dev/null 2>&1
	mark "phase ping end"
	mark "phase tcp begin: 32MiB through loopback TCP with nc"
	timeout 60 nc -l -p 5000 > /dev/null &
	sleep 1
	dd if=/dev/zero bs=65536 count=512 2>/dev/null | timeout 60 nc 127.0.0.1 5000
	wait
	mark "phase tcp end"
	snap net
	mark "phase pagecache begin: buffered read of 1 GiB from /dev/vdb (page cache > free RAM)"
	dd if=/dev/vdb of=/dev/null bs=1M count=1024 2>/dev/null
	mark "phase pagecache end"
	snap cache
	mark "phase dropcaches begin"
	sync
	echo 3 > /proc/sys/vm/drop_caches
	mark "phase dropcaches end"
	mark "phase compact begin"
	echo 1 > /proc/sys/vm/compact_memory
	mark "phase compact end"
	snap post
}

#@ oom 256 16384 tail /dev/zero grows an anonymous buffer until the OOM killer kills it
wl_oom() {
	snap pre
	mark "phase oom begin: tail /dev/zero (unbounded line buffer)"
	victim tail /dev/zero > /dev/null
	mark "phase oom end rc=$?"
	snap oom
	sleep 2
	snap post
}

# zone_wmark ZONE: "free min low" pages of ZONE (/proc/zoneinfo)
zone_wmark() {
	awk -v z="$1" '$1 == "Node" { cur = $4 }
		cur == z && $1 == "pages" && $2 == "free" { f = $3 }
		cur == z && $1 == "min" { m = $2 }
		cur == z && $1 == "low" { l = $2 }
		END { print f, m, l }' /proc/zoneinfo
}

# hold_band PERCENT: fill tmpfs (/tmp/hold, unreclaimable: no swap) until the
# free pages of DMA32 sit PERCENT of the way from its min to its low watermark
hold_band() {
	pct=$1
	mkdir -p /tmp/hold
	n=$(ls /tmp/hold | wc -l)
	while [ $n -lt 100 ]; do
		set -- $(zone_wmark DMA32)
		need=$(($1 - $2 - ($3 - $2) * pct / 100))
		[ $need -gt 64 ] || break
		fallocate -l $((need * 4096 * 9 / 10)) /tmp/hold/f$n
		n=$((n + 1))
	done
	say "DMA32 free/min/low: $(zone_wmark DMA32), $(du -sk /tmp/hold | cut -f1) KiB held"
}

#@ highatomic 384 32768 watermark_scale_factor 1000, watermark_boost_factor 0 and percpu_pagelist_high_fraction 100 (per-CPU lists of 1% of the zone, shared by the CPUs), tmpfs holds memory so that DMA32's free pages sit between min and low, loopback pings of 60000 bytes (order-3 GFP_ATOMIC in softirq: the slow path serves them and reserves HighAtomic blocks), then an OOM kill (the reserve is given back), then the memory is released
wl_highatomic() {
	echo 1000 > /proc/sys/vm/watermark_scale_factor	# (zoneinfo's watermarks show it)
	knob watermark_boost_factor 0
	# pcp high from the low watermark would be ~5% of the zone per CPU: the
	# killed tail's pages would stay on the per-CPU lists, free below min,
	# and init's next fork would OOM with nothing to kill (6.1 drains the
	# lists only after reclaim progress).  1/100 of the zone over the CPUs.
	knob percpu_pagelist_high_fraction 100
	snap pre
	mark "phase hold begin: tmpfs until DMA32 free is half-way between min and low"
	hold_band 50
	mark "phase hold end"
	snap held
	mark "phase ping1 begin: ping -s 60000 127.0.0.1 x40"
	ping -q -c 40 -i 0.05 -s 60000 127.0.0.1 > /dev/null 2>&1
	mark "phase ping1 end"
	snap ping1
	mark "phase ping2 begin: back to half-way, 2 pings -s 60000 and -s 30000 at once x40"
	hold_band 50
	ping -q -c 40 -i 0.05 -s 60000 127.0.0.1 > /dev/null 2>&1 &
	ping -q -c 40 -i 0.05 -s 30000 127.0.0.1 > /dev/null 2>&1
	wait
	mark "phase ping2 end"
	snap ping2
	mark "phase oom begin: tail /dev/zero until the OOM killer kills it"
	victim tail /dev/zero > /dev/null
	mark "phase oom end rc=$?"
	snap oom
	mark "phase release begin: rm the tmpfs hold"
	rm -rf /tmp/hold
	sleep 1
	mark "phase release end"
	snap post
}
