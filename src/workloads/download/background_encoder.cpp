#include "workloads/download/background_encoder.hpp"

namespace concur::download {

BackgroundEncoder::BackgroundEncoder(JpegPool& pool, std::size_t max_queued, Ready ready)
    : pool_(pool), max_queued_(max_queued), ready_(std::move(ready)), thread_([this] { run(); }) {
  parking_.emplace([this] {
    {
      std::lock_guard lock(mutex_);
      park_requested_ = true;
    }
    wake_.notify_one();
  });
}

BackgroundEncoder::~BackgroundEncoder() {
  parking_.reset();  // before the thread stops: nobody would answer
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

bool BackgroundEncoder::submit(Size size) {
  {
    std::lock_guard lock(mutex_);
    if (queued_or_running_.count(size)) return true;
    if (queue_.size() >= max_queued_) return false;
    queue_.push_back(size);
    queued_or_running_.insert(size);
  }
  wake_.notify_one();
  return true;
}

void BackgroundEncoder::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || park_requested_ || !queue_.empty(); });
    if (stopping_) return;
    if (park_requested_) {
      park_requested_ = false;
      lock.unlock();
      ForkQuiescence::park_here();
      lock.lock();
      continue;
    }
    const Size size = queue_.front();
    queue_.pop_front();
    lock.unlock();
    std::shared_ptr<const JpegPool::Images> images;
    try {
      images = pool_.images(size.first, size.second);
    } catch (const std::exception&) {
      images = nullptr;  // the waiting requests get a 500
    }
    ready_(size, images);
    lock.lock();
    queued_or_running_.erase(size);
  }
}

}  // namespace concur::download
