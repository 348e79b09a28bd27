// Progress of a run on stderr: which cell, cells done of total, repetitions
// of the current cell, elapsed and ETA, rewritten in place, and redrawn a few
// times a second so a long cell still shows time passing. Only when stderr
// is a terminal (never in pipes or CI logs) and not --quiet.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "concur/runner.hpp"

namespace concur::cli {

// How long the rest of the run will take, from the runner's events alone
// (fed in order; a pure function of them, so tests replay a sequence).
// Cells already done at the first event never run (n/a, skipped, not
// built): they are no work, not work done. A cell's time is its warm-up
// run's, times the repetitions the sampling settings will take at that
// pace (as matrix_runner chooses them: fixed, or min to max repetitions
// within the per-cell budget), refined by its measured repetitions once it
// has some. A cell that ends without a "finished" event (it failed) leaves
// the remaining work. Cells not seen yet count as the average seen one.
class RunEstimate {
 public:
  explicit RunEstimate(const SamplingSettings& sampling) : sampling_(sampling) {}
  void observe(const ProgressEvent& event);
  // Seconds left at `now` (seconds since the run started); none before
  // anything was timed.
  std::optional<double> remaining(double now) const;
  std::size_t cells_done() const { return finished_ - not_run_; }
  std::size_t cells_to_run() const { return total_ - not_run_; }
  // Repetitions a cell whose runs take `seconds` each will get.
  std::size_t planned_repetitions(double seconds) const;

 private:
  struct Track {
    double warmup_seconds = 0;  // all its warm-up runs
    std::optional<std::size_t> warmup_runs;  // known once it is measured
    bool warmed = false, done = false;
    double repetition_seconds = 0;  // sum over the measured ones
    std::size_t measured = 0, repetitions = 0;
    std::optional<double> per_run(const SamplingSettings& s) const;
  };
  // Seconds left for one cell; none when nothing is known of it.
  std::optional<double> left_for(const Track& track) const;

  SamplingSettings sampling_;
  bool started_ = false;
  std::size_t not_run_ = 0, total_ = 0, finished_ = 0;
  std::map<std::string, Track> tracks_;
  std::string last_cell_;
  ProgressEvent::Stage last_stage_ = ProgressEvent::Stage::finished;
  double last_elapsed_ = 0;
};

// The progress line, shortened to fit `width` columns (0: no limit) from
// the cell name's side, so the counts and the ETA stay visible: the name
// loses its head first ("…ds/workers:2"), then goes with the repetitions,
// then the elapsed time. `eta` none: "ETA -"; `done`: "done".
std::string progress_line(std::size_t cells_done, std::size_t cells_to_run, const std::string& cell,
                          const std::string& doing, double elapsed, std::optional<double> eta, bool done,
                          std::size_t width);

class Progress {
 public:
  // Shown on `fd` when it is a terminal and !quiet; `sampling` is how the
  // run chooses repetitions, for the ETA.
  Progress(int fd, bool quiet, const SamplingSettings& sampling = {});
  ~Progress();  // stops redrawing, erases the line so the report starts clean
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  bool enabled() const { return enabled_; }
  // Callbacks for run_matrix; empty when disabled, so the runner skips them.
  RunObserver observer();

 private:
  using Clock = std::chrono::steady_clock;
  // The last event, copied: the runner's cell may change once it returns.
  struct Last {
    bool any = false;
    std::string cell;
    ProgressEvent::Stage stage = ProgressEvent::Stage::warming_up;
    std::size_t repetitions = 0;
    double elapsed = 0;  // at the event
    Clock::time_point at;
  };

  void show(const ProgressEvent& event);
  void draw(const Last& last, double elapsed);  // with mutex_ held
  void redraw_while_running(std::stop_token stop);
  void write(const std::string& text) const;

  int fd_;
  bool enabled_;
  std::size_t width_;  // terminal columns: the line must not wrap
  bool dumb_;          // TERM=dumb: overwrite with spaces, not \033[K
  std::size_t shown_width_ = 0;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  Last last_;
  RunEstimate estimate_;
  bool shown_ = false;
  std::jthread ticker_;  // last: started once everything above exists
};

}  // namespace concur::cli
