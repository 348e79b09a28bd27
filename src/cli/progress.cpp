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
  return {[this](const CellResult& c, std::size_t i, std::size_t n) { show(c, i, n, false); },
          [this](const CellResult& c, std::size_t i, std::size_t n) { show(c, i, n, true); }};
}

void Progress::show(const CellResult& cell, std::size_t index, std::size_t total, bool finished) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // ETA from the average cell so far: cells differ, but the estimate
  // settles as the run goes on.
  const std::size_t done = finished ? index : index - 1;
  std::string eta = "ETA -";
  if (done > 0 && done < total)
    eta = "ETA " + report::format_duration(elapsed / static_cast<double>(done) *
                                           static_cast<double>(total - done));
  else if (done == total)
    eta = "done";
  write(fmt::format("\r\033[K[{}/{}] {}  elapsed {}  {}", index, total, cell.name,
                    report::format_duration(elapsed), eta));
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
