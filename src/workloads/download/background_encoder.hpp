// Encodes the image sizes the server has not seen yet on a thread of its
// own, one size at a time, so the event loop keeps serving every other
// client meanwhile: a flood of distinct large sizes costs the flooder its
// own waiting, not everyone's latency. The queue is bounded; a full one
// means "busy" (the server answers 503 with Retry-After).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include "core/fork_quiescence.hpp"
#include "workloads/download/jpeg_pool.hpp"

namespace concur::download {

class BackgroundEncoder {
 public:
  using Size = std::pair<int, int>;
  // Called on the encoder thread once a size is in the pool (images null
  // when encoding failed).
  using Ready = std::function<void(Size, std::shared_ptr<const JpegPool::Images>)>;

  BackgroundEncoder(JpegPool& pool, std::size_t max_queued, Ready ready);
  ~BackgroundEncoder();  // finishes the size in progress, drops the others
  BackgroundEncoder(const BackgroundEncoder&) = delete;
  BackgroundEncoder& operator=(const BackgroundEncoder&) = delete;

  // Queues `size` unless it is already queued or in progress (true) or the
  // queue is full (false).
  bool submit(Size size);

 private:
  void run();

  JpegPool& pool_;
  std::size_t max_queued_;
  Ready ready_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Size> queue_;
  std::set<Size> queued_or_running_;
  bool stopping_ = false;
  bool park_requested_ = false;  // a fork asks this thread to hold still
  std::thread thread_;
  std::optional<ForkQuiescence::Registration> parking_;
};

}  // namespace concur::download
