#include "workloads/download/http_client.hpp"

#include <sys/resource.h>

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "concur/interrupt.hpp"

namespace concur::download {

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw std::runtime_error("curl_global_init failed");
  });
}

unsigned long raise_open_file_limit(unsigned long wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (wanted > limit.rlim_max) {
    const rlimit privileged{wanted, wanted};
    if (setrlimit(RLIMIT_NOFILE, &privileged) == 0) return wanted;  // else: not allowed, go on
  }
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return static_cast<unsigned long>(limit.rlim_cur);
}

FetchOutcome fetch(const std::string& url, const Destination& destination,
                   const FetchSettings& settings) {
  Transfer transfer(url, destination, settings);
  for (;;) {
    FetchOutcome outcome = transfer.start_attempt()
                               ? transfer.finish(curl_easy_perform(transfer.handle()))
                               : transfer.finish(CURLE_OK);
    if (!transfer.worth_retrying(outcome)) return outcome;
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::duration<double>(backoff_seconds(transfer.attempts()));
    while (std::chrono::steady_clock::now() < until) {
      if (interrupt_requested()) return outcome;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

}  // namespace concur::download
