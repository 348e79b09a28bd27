#include "course/course_event_trace.hpp"

#include <event2/event.h>

#include <chrono>
#include <memory>
#include <stdexcept>

namespace concur::course {
namespace {

using Clock = std::chrono::steady_clock;

struct Pending {
  EventTrace* trace;
  Clock::time_point start;
  unsigned request;
  double wait_ms;
};

void on_ready(evutil_socket_t, short, void* arg) {  // the callback
  const auto* p = static_cast<const Pending*>(arg);
  p->trace->callbacks.push_back(
      {std::chrono::duration<double, std::milli>(Clock::now() - p->start).count(), p->request, p->wait_ms});
}

}  // namespace

EventTrace trace_event_loop(const std::vector<double>& waits_ms) {
  EventTrace trace;
  // A precise clock: by default libevent may time with CLOCK_MONOTONIC_COARSE,
  // and a 30 ms timer then fires up to a tick early against steady_clock.
  std::unique_ptr<event_config, decltype(&event_config_free)> config(event_config_new(), &event_config_free);
  if (!config) throw std::runtime_error("libevent: event_config_new failed");
  event_config_set_flag(config.get(), EVENT_BASE_FLAG_PRECISE_TIMER);
  std::unique_ptr<event_base, decltype(&event_base_free)> base(event_base_new_with_config(config.get()),
                                                                &event_base_free);
  if (!base) throw std::runtime_error("libevent: event_base_new_with_config failed");
  std::vector<Pending> pending;
  pending.reserve(waits_ms.size());
  std::vector<std::unique_ptr<event, decltype(&event_free)>> events;
  const auto start = Clock::now();
  for (std::size_t i = 0; i < waits_ms.size(); ++i) {
    pending.push_back({&trace, start, static_cast<unsigned>(i + 1), waits_ms[i]});
    events.emplace_back(evtimer_new(base.get(), on_ready, &pending.back()), &event_free);
    const auto us = static_cast<long>(waits_ms[i] * 1000);
    const timeval delay{us / 1'000'000, us % 1'000'000};
    evtimer_add(events.back().get(), &delay);
  }
  event_base_dispatch(base.get());  // returns once no event is pending
  trace.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return trace;
}

}  // namespace concur::course
