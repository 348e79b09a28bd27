// Progress of a run on stderr: which cell, cells done of total, repetitions
// of the current cell, elapsed and ETA, rewritten in place, and redrawn a few
// times a second so a long cell still shows time passing. Only when stderr
// is a terminal (never in pipes or CI logs) and not --quiet.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "concur/runner.hpp"

namespace concur::cli {

class Progress {
 public:
  // Shown on `fd` when it is a terminal and !quiet.
  Progress(int fd, bool quiet);
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
    std::size_t repetitions = 0, finished = 0, total = 0;
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
  std::mutex mutex_;
  std::condition_variable_any wake_;
  Last last_;
  bool shown_ = false;
  std::jthread ticker_;  // last: started once everything above exists
};

}  // namespace concur::cli
