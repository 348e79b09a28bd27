// One thread's event loop over libcurl's multi *socket* interface: curl
// tells us which sockets to watch (epoll) and when its next timeout is; we
// tell curl which socket is ready. Coroutines co_await a transfer or a
// sleep; the loop resumes them when curl reports the transfer done or the
// time has come. This is the course's callback-driven event loop with the
// callbacks turned back into straight-line code.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <coroutine>
#include <map>
#include <optional>
#include <unordered_map>

namespace concur::download {

class CurlEventLoop {
 public:
  using Clock = std::chrono::steady_clock;

  CurlEventLoop();  // throws std::runtime_error when curl or epoll refuse
  ~CurlEventLoop();
  CurlEventLoop(const CurlEventLoop&) = delete;
  CurlEventLoop& operator=(const CurlEventLoop&) = delete;

  // co_await loop.perform(easy): the transfer runs; the awaiting coroutine
  // resumes with curl's result code once it is done (CURLE_ABORTED_BY_CALLBACK
  // when the loop was cancelled).
  struct Perform {
    CurlEventLoop& loop;
    CURL* easy;
    CURLcode code = CURLE_OK;
    std::coroutine_handle<> waiting;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h);
    CURLcode await_resume() const noexcept { return code; }
  };
  Perform perform(CURL* easy) { return Perform{*this, easy, CURLE_OK, {}}; }

  // co_await loop.sleep(seconds): resumes after that long (at once if cancelled).
  struct Sleep {
    CurlEventLoop& loop;
    Clock::time_point until;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { loop.sleepers_.emplace(until, h); }
    void await_resume() const noexcept {}
  };
  Sleep sleep(double seconds);

  // Runs until done() is true. On Ctrl-C it cancels: every pending transfer
  // and sleep resumes at once, and cancelled() is true from then on.
  template <typename Done>
  void run_until(Done&& done) {
    while (!done()) turn();
  }
  bool cancelled() const { return cancelled_; }

 private:
  static int on_socket(CURL* easy, curl_socket_t socket, int what, void* self, void* socket_data);
  static int on_timer(CURLM* multi, long timeout_ms, void* self);
  void turn();  // one wait for events, then every coroutine they wake
  void cancel();
  void resume_finished_transfers();

  CURLM* multi_ = nullptr;
  int epoll_fd_ = -1;
  std::optional<Clock::time_point> curl_deadline_;  // curl's next timeout
  std::unordered_map<CURL*, Perform*> transfers_;    // in flight
  std::multimap<Clock::time_point, std::coroutine_handle<>> sleepers_;
  bool cancelled_ = false;
};

}  // namespace concur::download
