// The async model's own event loop (CurlEventLoop: libcurl's socket
// interface over epoll) on one thread, with one download per wait started at
// once: the callbacks' times and order, for section 4's short trace.
#pragma once

#include "course/course_facts.hpp"

namespace concur::course {

// Starts one download per entry of `waits_ms` (request i from a server that
// waits waits_ms[i]), runs the loop until every callback has run, and
// records each. Throws Interrupted on Ctrl-C, std::runtime_error when a
// request fails.
EventTrace trace_event_loop(const std::vector<double>& waits_ms);

}  // namespace concur::course
