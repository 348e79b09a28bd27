// Memory that forked children write and the parent reads: an anonymous
// MAP_SHARED mapping. Workloads whose answer lives in memory rather than in
// task results (stream's output array, contention's shared counter) keep it
// here, so the processes model really shares it instead of each child
// writing to its own copy-on-write page.
#pragma once

#include <sys/mman.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace concur {

class SharedMapping {
 public:
  // Zero-filled (anonymous mappings are), page-aligned.
  explicit SharedMapping(std::size_t bytes) : bytes_(bytes) {
    data_ = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (data_ == MAP_FAILED)
      throw std::runtime_error(
          fmt::format("mmap of {} MiB shared memory: {}", bytes_ >> 20, std::strerror(errno)));
  }
  ~SharedMapping() { ::munmap(data_, bytes_); }
  SharedMapping(const SharedMapping&) = delete;
  SharedMapping& operator=(const SharedMapping&) = delete;

  void* data() const { return data_; }
  std::size_t size() const { return bytes_; }

 private:
  std::size_t bytes_;
  void* data_;
};

}  // namespace concur
