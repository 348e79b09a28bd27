#include "cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>

#include "cli/terminal.hpp"
#include "report/columns.hpp"

namespace concur::cli {

Progress::Progress(int fd, bool quiet)
    : fd_(fd), enabled_(!quiet && ::isatty(fd) == 1), width_(enabled_ ? terminal_width(fd) : 0) {
  if (enabled_) ticker_ = std::jthread([this](std::stop_token stop) { redraw_while_running(stop); });
}

Progress::~Progress() {
  if (ticker_.joinable()) {
    ticker_.request_stop();
    wake_.notify_all();
    ticker_.join();
  }
  if (shown_) write("\r\033[K");
}

RunObserver Progress::observer() {
  if (!enabled_) return {};
  return {[this](const ProgressEvent& event) { show(event); }};
}

void Progress::show(const ProgressEvent& event) {
  std::lock_guard lock(mutex_);
  last_ = {true, event.cell.name, event.stage, event.repetitions, event.cells_finished, event.cells_total,
           event.elapsed_seconds, Clock::now()};
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
  // ETA from the share of cells finished: cells differ and rounds finish
  // them late, but the estimate settles as the run goes on.
  std::string eta = "ETA -";
  if (last.finished > 0 && last.finished < last.total)
    eta = "ETA " + report::format_duration(elapsed / static_cast<double>(last.finished) *
                                           static_cast<double>(last.total - last.finished));
  else if (last.finished == last.total)
    eta = "done";
  const std::string doing = last.stage == ProgressEvent::Stage::warming_up
                                ? "warm-up"
                                : fmt::format("{} repetitions", last.repetitions);
  std::string line = fmt::format("[{}/{} cells done] {} ({})  elapsed {}  {}", last.finished, last.total,
                                 last.cell, doing, report::format_duration(elapsed), eta);
  if (width_ > 1 && line.size() >= width_) line.resize(width_ - 1);  // a wrapped line cannot be rewritten
  shown_ = true;
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
