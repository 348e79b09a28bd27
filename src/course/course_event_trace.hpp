// A real event loop (libevent) on one thread with three waits registered at
// once: the callbacks' times and order, for section 4's short trace.
#pragma once

#include "course/course_facts.hpp"

namespace concur::course {

// Registers one timer per entry of `waits_ms` (request i waits waits_ms[i]),
// runs the loop until all have fired, and records each callback.
EventTrace trace_event_loop(const std::vector<double>& waits_ms);

}  // namespace concur::course
