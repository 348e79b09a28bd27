#include "workloads/download/curl_event_loop.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "concur/interrupt.hpp"

namespace concur::download {
namespace {

constexpr int kMaxWaitMs = 100;  // also how often Ctrl-C is noticed

int curl_flags(std::uint32_t events) {
  int flags = 0;
  if (events & EPOLLIN) flags |= CURL_CSELECT_IN;
  if (events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
  if (events & (EPOLLERR | EPOLLHUP)) flags |= CURL_CSELECT_ERR;
  return flags;
}

}  // namespace

CurlEventLoop::CurlEventLoop() : multi_(curl_multi_init()), epoll_fd_(epoll_create1(EPOLL_CLOEXEC)) {
  if (!multi_ || epoll_fd_ < 0) {
    const int saved = errno;
    if (multi_) curl_multi_cleanup(multi_);
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    throw std::runtime_error(fmt::format("event loop: {}", multi_ ? std::strerror(saved)
                                                                  : "curl_multi_init failed"));
  }
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlEventLoop::on_socket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlEventLoop::on_timer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
}

CurlEventLoop::~CurlEventLoop() {
  for (auto& [easy, pending] : transfers_) curl_multi_remove_handle(multi_, easy);
  curl_multi_cleanup(multi_);
  ::close(epoll_fd_);
}

void CurlEventLoop::start(CURL* easy, OnDone on_done) {
  if (cancelled_) {  // nothing new starts once cancelled
    timers_.emplace(Clock::time_point{}, [on_done = std::move(on_done)] { on_done(CURLE_ABORTED_BY_CALLBACK); });
    return;
  }
  if (CURLMcode m = curl_multi_add_handle(multi_, easy); m != CURLM_OK)
    throw std::runtime_error(fmt::format("curl_multi_add_handle: {}", curl_multi_strerror(m)));
  transfers_.emplace(easy, std::move(on_done));
}

void CurlEventLoop::after(double seconds, std::function<void()> callback) {
  timers_.emplace(Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)),
                  std::move(callback));
}

// curl: watch `socket` for `what` (or stop watching it).
int CurlEventLoop::on_socket(CURL*, curl_socket_t socket, int what, void* self, void*) {
  auto* loop = static_cast<CurlEventLoop*>(self);
  if (what == CURL_POLL_REMOVE) {
    epoll_ctl(loop->epoll_fd_, EPOLL_CTL_DEL, socket, nullptr);  // may be closed already
    return 0;
  }
  epoll_event event{};
  event.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) | (what & CURL_POLL_OUT ? EPOLLOUT : 0u);
  event.data.fd = socket;
  if (epoll_ctl(loop->epoll_fd_, EPOLL_CTL_MOD, socket, &event) != 0 && errno == ENOENT)
    epoll_ctl(loop->epoll_fd_, EPOLL_CTL_ADD, socket, &event);
  return 0;
}

// curl: call me back (socket_action with CURL_SOCKET_TIMEOUT) in timeout_ms.
int CurlEventLoop::on_timer(CURLM*, long timeout_ms, void* self) {
  auto* loop = static_cast<CurlEventLoop*>(self);
  if (timeout_ms < 0)
    loop->curl_deadline_.reset();
  else
    loop->curl_deadline_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
  return 0;
}

void CurlEventLoop::turn() {
  if (!cancelled_ && interrupt_requested()) cancel();
  auto wait = std::chrono::milliseconds(kMaxWaitMs);
  auto until = [&](Clock::time_point t) {
    wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(
                              std::max(t - Clock::now(), Clock::duration::zero())));
  };
  if (curl_deadline_) until(*curl_deadline_);
  if (!timers_.empty()) until(timers_.begin()->first);

  std::array<epoll_event, 64> events{};
  const int ready = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                               static_cast<int>(wait.count()));
  if (ready < 0 && errno != EINTR)
    throw std::runtime_error(fmt::format("epoll_wait: {}", std::strerror(errno)));
  int running = 0;
  for (int i = 0; i < ready; ++i)
    curl_multi_socket_action(multi_, events[static_cast<std::size_t>(i)].data.fd,
                             curl_flags(events[static_cast<std::size_t>(i)].events), &running);
  if (curl_deadline_ && *curl_deadline_ <= Clock::now()) {
    curl_deadline_.reset();
    curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
  }
  complete_finished_transfers();
  while (!timers_.empty() && (cancelled_ || timers_.begin()->first <= Clock::now())) {
    auto callback = std::move(timers_.begin()->second);
    timers_.erase(timers_.begin());
    callback();  // may add timers: the loop takes them in time order
  }
}

void CurlEventLoop::complete_finished_transfers() {
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const CURLcode code = message->data.result;  // read before removing the handle
    curl_multi_remove_handle(multi_, easy);
    auto it = transfers_.find(easy);
    if (it == transfers_.end()) continue;
    OnDone on_done = std::move(it->second);
    transfers_.erase(it);
    on_done(code);  // may start the next transfer: info_read copes
  }
}

void CurlEventLoop::cancel() {
  cancelled_ = true;
  std::vector<OnDone> pending;
  for (auto& [easy, on_done] : transfers_) {
    curl_multi_remove_handle(multi_, easy);
    pending.push_back(std::move(on_done));
  }
  transfers_.clear();
  for (OnDone& on_done : pending) on_done(CURLE_ABORTED_BY_CALLBACK);
}

}  // namespace concur::download
