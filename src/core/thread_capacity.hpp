// Whether a model's workers can start at all, asked before its first run.
// oneTBB aborts the process when pthread_create fails inside it, and
// libgomp crashes; a cell must fail instead, and the other cells go on.
#pragma once

namespace concur {

// Starts `count` threads that wait, then releases and joins them. Throws
// std::runtime_error saying how many started and which limits apply
// (ulimit -u, /proc/sys/kernel/threads-max, memory for the stacks) when one
// cannot start. Costs about 20 us a thread: asked once per cell, untimed.
void ensure_threads_can_start(unsigned count);

}  // namespace concur
