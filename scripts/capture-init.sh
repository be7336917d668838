#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/capture-init.sh - the guest's /init for scripts/capture (busybox sh;
# it sources /workloads.sh, scripts/capture-workloads.sh).
#
# Mounts proc/sys/dev/tracefs, loads the virtio-blk modules of the kernel
# package, enables the page-allocator trace events (kmem set, oom/mark_victim,
# vmscan direct reclaim begin/end, the kprobes of /kprobes.txt), runs the
# workload named by hatrace.workload= on the kernel command line, then writes
# the trace raw onto /dev/vdb (its byte count into trace-bytes.txt) and the
# small files as a tar archive onto /dev/vda, and powers off.
# Console lines "KTRACE: UPTIME TEXT" are the host's progress lines.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o size=90% tmpfs /tmp
mount -t tmpfs -o size=90% tmpfs /out
T=/sys/kernel/tracing
mount -t tracefs nodev $T 2>/dev/null ||
	{ mount -t debugfs nodev /sys/kernel/debug; T=/sys/kernel/debug/tracing; }

WORKLOAD=mixed
BUFKB=16384
for w in $(cat /proc/cmdline); do
	case $w in
	hatrace.workload=*) WORKLOAD=${w#*=} ;;
	hatrace.bufkb=*) BUFKB=${w#*=} ;;
	esac
done

say() { echo "KTRACE: $(cut -d' ' -f1 /proc/uptime) $*"; }
mark() { echo "KTRACE_MARK $*" > $T/trace_marker; say "$*"; }
# showmem FILE: a sysrq-m show_mem (6.1's zoneinfo has no reserved_highatomic)
showmem() {
	dmesg -c > /dev/null
	echo m > /proc/sysrq-trigger
	dmesg > "$1"
}
# snap NAME: the /proc files and a show_mem, bracketed by the snapshot's markers
snap() {
	mark "snapshot $1 begin"
	for f in buddyinfo pagetypeinfo zoneinfo meminfo vmstat; do
		cat /proc/$f > /out/$f-$1.txt
	done
	cat /proc/kpageflags > /out/kpageflags-$1.bin
	showmem /out/showmem-$1.txt
	mark "snapshot $1 end"
	echo "$1" >> /out/snapshots.txt
}
# knob NAME VALUE: set vm.NAME, a knob the model has too: the manifest gets a
# "sysctl vm.NAME VALUE" line (hatrace compare sets it in the model)
knob() { echo "$2" > /proc/sys/vm/$1 && echo "vm.$1 $2" >> /out/sysctl.txt; }
# victim CMD...: run CMD as the OOM killer's first choice
victim() { sh -c 'echo 1000 > /proc/self/oom_score_adj; exec "$@"' victim "$@"; }

for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk; do
	insmod /lib/modules/$m.ko
done
i=0
while [ ! -b /dev/vdb ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
[ -b /dev/vda ] && [ -b /dev/vdb ] || say "ERROR virtio disks /dev/vda /dev/vdb missing"
ip link set lo up
echo 1 > /proc/sys/kernel/sysrq
say "workload=$WORKLOAD bufkb=$BUFKB uname=$(uname -a)"
cp /proc/cmdline /out/cmdline.txt
uname -a > /out/uname.txt
uname -r > /out/uname-r.txt

EV="kmem/mm_page_alloc kmem/mm_page_free kmem/mm_page_free_batched kmem/mm_page_pcpu_drain
kmem/mm_page_alloc_zone_locked kmem/mm_page_alloc_extfrag oom/mark_victim
vmscan/mm_vmscan_direct_reclaim_begin vmscan/mm_vmscan_direct_reclaim_end"
if [ -s /kprobes.txt ]; then
	while read -r l; do echo "$l" >> $T/kprobe_events || say "kprobe failed: $l"; done < /kprobes.txt
	for d in $T/events/kmem_x/*/; do [ -d "$d" ] && EV="$EV kmem_x/$(basename $d)"; done
fi
on=""
for e in $EV; do
	if [ -d $T/events/$e ]; then
		on="$on $e"
		cat $T/events/$e/format > /out/format-$(echo $e | tr / -).txt
	else
		say "no event $e in this kernel"
	fi
done
say "events:$on"
echo 0 > $T/tracing_on
echo $BUFKB > $T/buffer_size_kb
echo global > $T/trace_clock
echo > $T/trace
for e in $on; do echo 1 > $T/events/$e/enable; done
echo 1 > $T/tracing_on

# the workload: snapshots pre ... post
. /workloads.sh
"wl_$WORKLOAD"

echo 0 > $T/tracing_on
for e in $on; do echo 0 > $T/events/$e/enable; done
say "tracing stopped"
for c in /sys/devices/system/cpu/cpu[0-9]*; do
	n=${c##*cpu}
	echo "== cpu$n"
	cat $T/per_cpu/cpu$n/stats
done > /out/trace-stats.txt 2>&1
say "trace buffer: $(awk '/overrun:|dropped events:/ { n += $NF } END { print n + 0 }' \
	/out/trace-stats.txt) events lost (overrun, dropped)"
say "dumping the trace"
cat $T/trace | tee /dev/vdb | wc -c > /out/trace-bytes.txt
sync
say "trace dumped: $(cat /out/trace-bytes.txt) bytes"
showmem /out/showmem.txt
cd /out && tar -cf /dev/vda . && sync
say "tar written to /dev/vda"
poweroff -f
