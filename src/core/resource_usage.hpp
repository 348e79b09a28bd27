// CPU time and peak memory of this process and its reaped children.
#pragma once

namespace concur {

// User + system CPU seconds of this process plus all reaped children
// (RUSAGE_CHILDREN), so the processes model's work is counted.
double cpu_seconds_self_and_children();

// Resets the kernel's peak-RSS mark (Linux /proc/self/clear_refs "5") so the
// next peak_rss_kb() is the peak of what ran since. Returns false if the
// kernel does not support it.
bool reset_peak_rss();
// Peak resident set size in KiB (VmHWM), since start or the last reset.
double peak_rss_kb();

}  // namespace concur
