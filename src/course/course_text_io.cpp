// Sections 2 (downloading 10 images) and 4 (event-driven at scale). The
// words come from the message catalogues.
#include <algorithm>
#include <vector>

#include "course/course_messages.hpp"
#include "course/course_text.hpp"

namespace concur::course {
namespace {

// Growth of peak memory per extra connection between two rows.
std::optional<double> kib_per_connection(const EventFacts::Row& low, const EventFacts::Row& high,
                                         Measured EventFacts::Row::*model) {
  const Measured& a = low.*model;
  const Measured& b = high.*model;
  if (!a.ok() || !b.ok() || high.connections <= low.connections) return std::nullopt;
  return std::max(0.0, (b.peak_rss_kb - a.peak_rss_kb) / (high.connections - low.connections));
}

}  // namespace

Section download_section_text(const DownloadFacts& f, bool quick, const Words& w) {
  Section s{say<Msg::io_waiting_downloading_images>(w, f.images), {}};
  const double course_ratio = figures::download_sequential_s / figures::download_threads_s;
  const Verdict gil = judge(f.sequential, f.gil), free = judge(f.sequential, f.threads);
  const std::string n = std::to_string(f.images);
  s.blocks.push_back(Table{
      {say<Msg::io_model>(w), say<Msg::io_threads>(w), say<Msg::io_time>(w),
       say<Msg::io_speedup_interval>(w), say<Msg::io_verdict>(w), say<Msg::io_course_python>(w)},
      {{model_name("sequential", w), "1", w.time_of(f.sequential), "", "",
        w.duration(figures::download_sequential_s)},
       {model_name("gil", w), n, w.time_of(f.gil), speedup_text(gil, w), outcome_word(gil, w),
        w.duration(figures::download_threads_s) + " (" + w.ratio(course_ratio) + ")"},
       {model_name("threads", w), n, w.time_of(f.threads), speedup_text(free, w),
        outcome_word(free, w), "—"}},
      {false, true, true, true, false, false}});

  std::string setup = say<Msg::io_each_image_comes_from_the>(w, w.number(f.latency_ms, 0));
  setup +=
      quick ? say<Msg::io_with_quick_a_shorter_wait>(w) : say<Msg::io_so_that_one_image_takes>(w);
  if (f.sequential.ok())
    setup +=
        quick ? say<Msg::io_one_after_another_an_image>(
                    w, w.duration(*f.sequential.seconds / f.images),
                    w.duration(*f.sequential.seconds))
              : say<Msg::io_one_after_another_an_image_2>(
                    w, w.duration(*f.sequential.seconds / f.images),
                    w.duration(*f.sequential.seconds), w.duration(figures::download_sequential_s));
  s.blocks.push_back(setup);
  if (auto note = disturbance_note(f.disturbance, w); !note.empty()) s.blocks.push_back(note);

  if (gil.measured()) {
    std::string p;
    switch (gil.outcome) {
      case Outcome::faster:
        p = say<Msg::io_one_thread_per_image_made>(w, w.interval(gil.speedup), f.images);
        if (gil.speedup.ci.low > course_ratio)
          p += say<Msg::io_more_than_the_course_s>(w, w.ratio(course_ratio));
        else if (gil.speedup.ci.high < course_ratio)
          p += say<Msg::io_less_than_the_course_s>(w, w.ratio(course_ratio));
        else
          p += say<Msg::io_the_course_s_lies_within>(w, w.ratio(course_ratio));
        break;
      case Outcome::tie:
      case Outcome::slower:
        p = say<Msg::io_threads_did_not_speed_up>(w, w.interval(gil.speedup));
        if (!f.disturbance.busy()) p += say<Msg::io_overlapping_the_waits_gained_nothing>(w);
        break;
      case Outcome::cannot_tell:
        p = say<Msg::io_whether_threads_under_the_gil>(w, doubt_text(gil, w));
        break;
    }
    s.blocks.push_back(p);
  }
  const Verdict lock_cost = judge(f.threads, f.gil);  // faster: the GIL finished first
  if (lock_cost.measured()) {
    switch (lock_cost.outcome) {
      case Outcome::tie:
        s.blocks.push_back(
            say<Msg::io_free_threads_took_about_as>(w, w.time_of(f.threads), w.time_of(f.gil)));
        break;
      case Outcome::slower:
        s.blocks.push_back(
            say<Msg::io_free_threads_were_faster_against>(w, w.time_of(f.threads),
                                                          w.time_of(f.gil)) +
            (f.disturbance.busy() ? "" : say<Msg::io_threads_coming_back_from_their>(w)));
        break;
      case Outcome::faster:
        s.blocks.push_back(
            say<Msg::io_threads_under_the_gil_finished>(w, w.time_of(f.gil), w.time_of(f.threads)));
        break;
      case Outcome::cannot_tell:
        s.blocks.push_back(
            say<Msg::io_free_threads_against_threads_under>(w, doubt_text(lock_cost, w)));
        break;
    }
  }
  add_missing_notes(s, w,
                    {{model_name("sequential", w), &f.sequential},
                     {model_name("gil", w), &f.gil},
                     {model_name("threads", w), &f.threads}});
  return s;
}

Section event_section_text(const EventFacts& f, const Words& w) {
  Section s{say<Msg::io_event_driven_one_thread_many>(w), {}};
  Table t{{say<Msg::io_downloads>(w), say<Msg::io_async_time>(w), say<Msg::io_threads_time>(w),
           say<Msg::io_async_against_threads>(w), say<Msg::io_async_peak>(w),
           say<Msg::io_threads_peak>(w), say<Msg::io_per_connection_async_threads>(w)},
          {},
          {true, true, true, false, true, true, false}};
  for (const auto& r : f.rows) {
    std::string per_connection = "—";  // growth since the first row: async / threads
    if (&r != &f.rows.front()) {
      auto a = kib_per_connection(f.rows.front(), r, &EventFacts::Row::async);
      auto th = kib_per_connection(f.rows.front(), r, &EventFacts::Row::threads);
      per_connection = (a ? w.kib(*a) : "—") + " / " + (th ? w.kib(*th) : "—");
    }
    t.rows.push_back({w.count(r.connections), w.time_of(r.async), w.time_of(r.threads),
                      outcome_word(judge(r.threads, r.async), w),
                      r.async.ok() ? w.mib(r.async.peak_rss_kb) : "—",
                      r.threads.ok() ? w.mib(r.threads.peak_rss_kb) : "—", per_connection});
  }
  s.blocks.push_back(t);
  s.blocks.push_back(say<Msg::io_the_event_driven_model_async>(w, w.number(f.latency_ms, 0)));
  if (!f.trace.callbacks.empty()) {
    std::string trace = say<Msg::io_a_short_trace_of_a>(w, [&] {
      std::vector<double> by_request(f.trace.callbacks.size());
      for (const auto& c : f.trace.callbacks)
        if (c.request >= 1 && c.request <= by_request.size()) by_request[c.request - 1] = c.wait_ms;
      std::string waits;
      for (double ms : by_request) waits += (waits.empty() ? "" : " / ") + w.number(ms, 0);
      return waits;
    }());
    for (const auto& c : f.trace.callbacks)
      trace += say<Msg::io_at_callback_of_request>(w, w.duration(c.at_ms / 1000), c.request);
    trace += say<Msg::io_all_done_in_not_the>(w, w.duration(f.trace.total_ms / 1000));
    s.blocks.push_back(w.typeset(trace));
  }
  if (auto note = disturbance_note(f.disturbance, w); !note.empty()) s.blocks.push_back(note);
  if (f.rows.empty()) return s;
  const auto& top = f.rows.back();
  const Verdict v = judge(top.threads, top.async);  // faster: async finished first
  if (v.measured()) {
    const std::string n = w.count(top.connections);
    switch (v.outcome) {
      case Outcome::faster:
        s.blocks.push_back(say<Msg::io_at_downloads_at_once_async>(
            w, n, w.time_of(top.async), w.time_of(top.threads), w.interval(v.speedup)));
        break;
      case Outcome::slower:
        s.blocks.push_back(say<Msg::io_at_downloads_at_once_threads>(w, n, w.time_of(top.threads),
                                                                     w.time_of(top.async)));
        break;
      case Outcome::tie:
        s.blocks.push_back(say<Msg::io_at_downloads_at_once_async_2>(
            w, n, w.time_of(top.async), w.time_of(top.threads), w.interval(v.speedup)));
        break;
      case Outcome::cannot_tell:
        s.blocks.push_back(say<Msg::io_at_downloads_at_once_this>(w, n, doubt_text(v, w)));
        break;
    }
    // What the time was spent on beyond the wait itself: a fact, not a cause.
    const double fastest = std::min(*top.async.seconds, *top.threads.seconds);
    if (fastest > 1.5 * f.latency_ms / 1000)
      s.blocks.push_back(
          say<Msg::io_the_wait_alone_is_ms>(w, w.number(f.latency_ms, 0), w.duration(fastest), n));
  }
  if (f.rows.size() >= 2) {
    const auto& low = f.rows.front();
    auto ma = kib_per_connection(low, top, &EventFacts::Row::async);
    auto mt = kib_per_connection(low, top, &EventFacts::Row::threads);
    if (ma && mt) {
      std::string p = say<Msg::io_memory_per_connection_growth_of>(
          w, w.count(low.connections), w.count(top.connections), w.kib(*ma), w.kib(*mt));
      if (*ma < *mt * (1 - kMemoryTieBand))
        p += say<Msg::io_a_thread_needs_its_own>(w);
      else if (*mt < *ma * (1 - kMemoryTieBand))
        p += say<Msg::io_here_the_threads_were_the>(w);
      else
        p += say<Msg::io_about_the_same>(w);
      s.blocks.push_back(p);
    }
  }
  for (const auto& r : f.rows)
    add_missing_notes(
        s, w,
        {{"async ×" + std::to_string(r.connections), &r.async},
         {model_name("threads", w) + " ×" + std::to_string(r.connections), &r.threads}});
  return s;
}

}  // namespace concur::course
