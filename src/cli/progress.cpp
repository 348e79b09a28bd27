#include "cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>

#include "report/columns.hpp"

namespace concur::cli {

Progress::Progress(int fd, bool quiet) : fd_(fd), enabled_(!quiet && ::isatty(fd) == 1) {}

Progress::~Progress() {
  if (shown_) write("\r\033[K");
}

RunObserver Progress::observer() {
  if (!enabled_) return {};
  return {[this](const ProgressEvent& event) { show(event); }};
}

void Progress::show(const ProgressEvent& event) {
  // ETA from the share of cells finished: cells differ and rounds finish
  // them late, but the estimate settles as the run goes on.
  const std::size_t done = event.cells_finished;
  std::string eta = "ETA -";
  if (done > 0 && done < event.cells_total)
    eta = "ETA " + report::format_duration(event.elapsed_seconds / static_cast<double>(done) *
                                           static_cast<double>(event.cells_total - done));
  else if (done == event.cells_total)
    eta = "done";
  const std::string doing = event.stage == ProgressEvent::Stage::warming_up
                                ? "warm-up"
                                : fmt::format("{} repetitions", event.repetitions);
  write(fmt::format("\r\033[K[{}/{} cells done] {} ({})  elapsed {}  {}", done, event.cells_total,
                    event.cell.name, doing, report::format_duration(event.elapsed_seconds), eta));
  shown_ = true;
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
