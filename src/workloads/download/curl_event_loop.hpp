// One thread's event loop over libcurl's multi *socket* interface: curl
// tells us which sockets to watch (epoll) and when its next timeout is; we
// tell curl which socket is ready, so a wake-up costs the sockets that are
// ready, not every socket in flight. Two ways to use it, one per model:
//   callbacks (the async model, the course's event-driven programming):
//     start(easy, on_done) and after(seconds, callback);
//   coroutines (the coroutines model): co_await perform(easy) / sleep(s),
//     which are those callbacks resuming the suspended coroutine.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <coroutine>
#include <functional>
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

  using OnDone = std::function<void(CURLcode)>;
  // Runs the transfer; on_done gets curl's result code once it is done
  // (CURLE_ABORTED_BY_CALLBACK when the loop was cancelled, on the next turn
  // if it already was). Throws std::runtime_error when curl refuses it.
  void start(CURL* easy, OnDone on_done);
  // Calls `callback` after that long (on the next turn once cancelled).
  void after(double seconds, std::function<void()> callback);

  // co_await loop.perform(easy): start() resuming the awaiting coroutine.
  struct Perform {
    CurlEventLoop& loop;
    CURL* easy;
    CURLcode code = CURLE_OK;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) {
      loop.start(easy, [this, h](CURLcode c) {
        code = c;
        h.resume();
      });
    }
    CURLcode await_resume() const noexcept { return code; }
  };
  Perform perform(CURL* easy) { return Perform{*this, easy, CURLE_OK}; }

  // co_await loop.sleep(seconds): after() resuming the awaiting coroutine.
  struct Sleep {
    CurlEventLoop& loop;
    double seconds;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { loop.after(seconds, [h] { h.resume(); }); }
    void await_resume() const noexcept {}
  };
  Sleep sleep(double seconds) { return Sleep{*this, seconds}; }

  // Runs until done() is true. On Ctrl-C it cancels: every pending transfer
  // and timer calls back at once, and cancelled() is true from then on.
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
  void complete_finished_transfers();

  CURLM* multi_ = nullptr;
  int epoll_fd_ = -1;
  std::optional<Clock::time_point> curl_deadline_;  // curl's next timeout
  std::unordered_map<CURL*, OnDone> transfers_;      // in flight
  std::multimap<Clock::time_point, std::function<void()>> timers_;
  bool cancelled_ = false;
};

}  // namespace concur::download
