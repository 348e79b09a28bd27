// Progress of a run on stderr: which cell, n of total, elapsed and ETA,
// rewritten in place. Only when stderr is a terminal (never in pipes or CI
// logs) and not --quiet.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

#include "concur/runner.hpp"

namespace concur::cli {

class Progress {
 public:
  // Shown on `fd` when it is a terminal and !quiet.
  Progress(int fd, bool quiet);
  ~Progress();  // erases the line, so the report starts on a clean one
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  bool enabled() const { return enabled_; }
  // Callbacks for run_matrix; empty when disabled, so the runner skips them.
  RunObserver observer();

 private:
  void show(const ProgressEvent& event);
  void write(const std::string& text) const;

  int fd_;
  bool enabled_;
  bool shown_ = false;
};

}  // namespace concur::cli
