#include "cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>

#include "cli/terminal.hpp"
#include "report/columns.hpp"
#include "report/text_layout.hpp"

namespace concur::cli {

std::size_t RunEstimate::planned_repetitions(double seconds) const {
  const SamplingSettings& s = sampling_;
  if (s.fixed_repetitions) return *s.fixed_repetitions;
  // matrix_runner stops at max_repetitions, or once min_repetitions are in
  // and the timed runs took the budget (or the median is precise: not
  // foreseeable, so this is the most it will take).
  std::size_t within_budget = s.max_repetitions;
  if (seconds > 0)
    within_budget = static_cast<std::size_t>(std::ceil(std::min(s.max_seconds_per_cell / seconds, 1e6)));
  return std::clamp<std::size_t>(within_budget, s.min_repetitions, s.max_repetitions);
}

std::optional<double> RunEstimate::Track::per_run(const SamplingSettings& s) const {
  if (measured > 0) return repetition_seconds / static_cast<double>(measured);
  // No warm-up seen (--warmup 0, or none timed yet): nothing to go on.
  if (!warmed || warmup_seconds <= 0 || warmup_runs == std::size_t{0}) return std::nullopt;
  const std::size_t runs = warmup_runs.value_or(std::max<std::size_t>(1, s.warmup_runs));
  const double run = warmup_seconds / static_cast<double>(runs);
  return s.min_time ? std::max(run, *s.min_time) : run;  // a repetition lasts at least --min-time
}

std::optional<double> RunEstimate::left_for(const Track& track) const {
  if (track.done) return 0.0;
  const auto run = track.per_run(sampling_);
  if (!run) return std::nullopt;
  const std::size_t planned = planned_repetitions(*run);
  return *run * static_cast<double>(planned - std::min(planned, track.repetitions));
}

void RunEstimate::observe(const ProgressEvent& event) {
  using Stage = ProgressEvent::Stage;
  if (!started_) {
    started_ = true;
    not_run_ = event.cells_finished;  // done before anything ran
    total_ = event.cells_total;
  } else if (auto last = tracks_.find(last_cell_); last != tracks_.end()) {
    // The time since the last event went to what that event began.
    const double spent = std::max(0.0, event.elapsed_seconds - last_elapsed_);
    Track& t = last->second;
    if (last_stage_ == Stage::warming_up) {
      t.warmup_seconds += spent;
      t.warmed = true;
    } else if (last_stage_ == Stage::measuring) {
      t.repetition_seconds += spent;
      ++t.measured;
      ++t.repetitions;
    }
    // One more cell done than the events said: it ended in that activity (it failed).
    if (event.cells_finished > finished_ + (event.stage == Stage::finished ? 1 : 0)) t.done = true;
  }
  Track& t = tracks_[event.cell.name];
  if (event.stage == Stage::measuring) {
    t.warmed = true;
    t.warmup_runs = event.cell.warmup_runs;
    t.repetitions = event.repetitions;
  } else if (event.stage == Stage::finished) {
    t.done = true;
  }
  finished_ = event.cells_finished;
  last_cell_ = event.cell.name;
  last_stage_ = event.stage;
  last_elapsed_ = event.elapsed_seconds;
}

std::optional<double> RunEstimate::remaining(double now) const {
  if (!started_) return std::nullopt;
  if (finished_ >= total_) return 0.0;
  double known = 0, whole_cells = 0, warmups = 0;
  std::size_t estimated = 0, warmed = 0, unknown = 0;
  for (const auto& [name, t] : tracks_) {
    if (t.warmed) {
      warmups += t.warmup_seconds;
      ++warmed;
    }
    const auto left = left_for(t);
    if (!left) {
      ++unknown;  // warming up now
      continue;
    }
    known += *left;
    if (const auto run = t.per_run(sampling_)) {
      whole_cells += *run * static_cast<double>(planned_repetitions(*run)) + t.warmup_seconds;
      ++estimated;
    }
  }
  if (estimated == 0) return std::nullopt;
  const std::size_t work = total_ - not_run_;
  const std::size_t unseen = work > tracks_.size() ? work - tracks_.size() : 0;
  const double average = whole_cells / static_cast<double>(estimated);
  double left = known + average * static_cast<double>(unseen + unknown);
  // The one under way: its warm-up or repetition has been running since the last event.
  const double since = std::max(0.0, now - last_elapsed_);
  if (auto current = tracks_.find(last_cell_); current != tracks_.end() && !current->second.done) {
    const Track& t = current->second;
    const auto run = t.per_run(sampling_);
    const double step = last_stage_ == ProgressEvent::Stage::warming_up
                            ? (warmed ? warmups / static_cast<double>(warmed) : average)
                            : run.value_or(average);
    left -= std::min(since, step);
  }
  return std::max(0.0, left);
}

std::string progress_line(std::size_t cells_done, std::size_t cells_to_run, const std::string& cell,
                          const std::string& doing, double elapsed, std::optional<double> eta, bool done,
                          std::size_t width) {
  using report::display_width;
  const std::string counts = fmt::format("[{}/{} cells done]", cells_done, cells_to_run);
  const std::string took = "elapsed " + report::format_duration(elapsed);
  const std::string ahead = done ? "done" : eta ? "ETA " + report::format_duration(*eta) : "ETA -";
  const std::string full = fmt::format("{} {} ({})  {}  {}", counts, cell, doing, took, ahead);
  // A line as wide as the terminal wraps, and a wrapped line cannot be rewritten.
  if (width <= 1 || display_width(full) < width) return full;
  const std::size_t room = width - 1;
  // What goes first: the head of the cell name (its tail, the model and the
  // workers, says the most), then the repetitions, the elapsed time, the
  // name; the counts and the ETA stay.
  constexpr std::size_t kLeastTail = 12;
  for (const std::string& tail : {fmt::format(" ({})  {}  {}", doing, took, ahead), "  " + took + "  " + ahead,
                                 "  " + ahead}) {
    const std::size_t fixed = display_width(counts) + 1 + display_width(tail);
    if (fixed + cell.size() <= room) return counts + " " + cell + tail;
    if (fixed + 1 + kLeastTail <= room)
      return counts + " …" + cell.substr(cell.size() - std::min(cell.size(), room - fixed - 1)) + tail;
  }
  for (const std::string& shorter : {counts + "  " + ahead, ahead})
    if (display_width(shorter) <= room) return shorter;
  return ahead.substr(0, room);
}

Progress::Progress(int fd, bool quiet, const SamplingSettings& sampling)
    : fd_(fd),
      enabled_(!quiet && ::isatty(fd) == 1),
      width_(enabled_ ? terminal_width(fd) : 0),
      dumb_(terminal_is_dumb()),
      estimate_(sampling) {
  if (enabled_) ticker_ = std::jthread([this](std::stop_token stop) { redraw_while_running(stop); });
}

Progress::~Progress() {
  if (ticker_.joinable()) {
    ticker_.request_stop();
    wake_.notify_all();
    ticker_.join();
  }
  if (shown_) write(dumb_ ? "\r" + std::string(shown_width_, ' ') + "\r" : "\r\033[K");
}

RunObserver Progress::observer() {
  if (!enabled_) return {};
  return {[this](const ProgressEvent& event) { show(event); }};
}

void Progress::show(const ProgressEvent& event) {
  std::lock_guard lock(mutex_);
  estimate_.observe(event);
  last_ = {true, event.cell.name, event.stage, event.repetitions, event.elapsed_seconds, Clock::now()};
  draw(last_, last_.elapsed);
}

// A repetition can take seconds (a large --size, 1,000 images): between
// events the clock still moves, so redraw the last line with it.
void Progress::redraw_while_running(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    static_cast<void>(wake_.wait_for(lock, stop, std::chrono::milliseconds(250), [] { return false; }));
    if (stop.stop_requested() || !last_.any) continue;
    const double since = std::chrono::duration<double>(Clock::now() - last_.at).count();
    draw(last_, last_.elapsed + since);
  }
}

void Progress::draw(const Last& last, double elapsed) {
  const std::string doing = last.stage == ProgressEvent::Stage::warming_up
                                ? "warm-up"
                                : fmt::format("{} repetitions", last.repetitions);
  const bool done = estimate_.cells_done() >= estimate_.cells_to_run();
  const std::string line = progress_line(estimate_.cells_done(), estimate_.cells_to_run(), last.cell, doing,
                                         elapsed, estimate_.remaining(elapsed), done, width_);
  shown_ = true;
  if (dumb_) {  // what the shorter line leaves of the longer, blanked by spaces
    const std::size_t width = report::display_width(line);
    write("\r" + line + std::string(shown_width_ > width ? shown_width_ - width : 0, ' '));
    shown_width_ = width;
    return;
  }
  write("\r\033[K" + line);
}

void Progress::write(const std::string& text) const {
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a progress line is not worth failing the run for
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace concur::cli
