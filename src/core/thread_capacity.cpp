#include "core/thread_capacity.hpp"

#include <atomic>
#include <new>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

#include <fmt/format.h>

namespace concur {

void ensure_threads_can_start(unsigned count) {
  std::atomic<bool> release{false};
  std::vector<std::thread> started;
  std::string failure;
  try {
    started.reserve(count);
    for (unsigned i = 0; i < count; ++i)
      started.emplace_back([&release] { release.wait(false); });
  } catch (const std::system_error& e) {
    failure = e.what();
  } catch (const std::bad_alloc&) {
    failure = "out of memory";
  }
  release = true;
  release.notify_all();
  for (std::thread& t : started) t.join();
  if (!failure.empty())
    throw std::runtime_error(fmt::format(
        "cannot start {} worker threads: only {} could start ({}); the limits are ulimit -u (RLIMIT_NPROC), "
        "/proc/sys/kernel/threads-max and the memory for their stacks",
        count, started.size(), failure));
}

}  // namespace concur
