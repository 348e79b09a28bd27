// Anonymous memory mappings for workloads with big or shared state.
//
// SharedMapping: memory that forked children write and the parent reads
// (MAP_SHARED). Workloads whose answer lives in memory rather than in task
// results (stream's output array, contention's counters) keep it here, so
// the processes model really shares it instead of each child writing to its
// own copy-on-write page. Linux does not copy page tables of shared mappings
// at fork: each child faults in the pages it touches.
//
// PrivateMapping: big read-only inputs (MAP_PRIVATE, transparent huge pages
// advised). fork copies their page tables, so children read them without a
// fault; with huge pages those tables are small.
#pragma once

#include <sys/mman.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace concur {

template <int kVisibility>
class AnonymousMapping {
 public:
  // Zero-filled (anonymous mappings are), page-aligned.
  explicit AnonymousMapping(std::size_t bytes) : bytes_(bytes) {
    data_ = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, kVisibility | MAP_ANONYMOUS, -1, 0);
    if (data_ == MAP_FAILED)
      throw std::runtime_error(fmt::format("mmap of {} MiB: {}", bytes_ >> 20, std::strerror(errno)));
    if constexpr (kVisibility == MAP_PRIVATE) ::madvise(data_, bytes_, MADV_HUGEPAGE);  // advice only
  }
  ~AnonymousMapping() { ::munmap(data_, bytes_); }
  AnonymousMapping(const AnonymousMapping&) = delete;
  AnonymousMapping& operator=(const AnonymousMapping&) = delete;

  void* data() const { return data_; }
  std::size_t size() const { return bytes_; }

 private:
  std::size_t bytes_;
  void* data_;
};

using SharedMapping = AnonymousMapping<MAP_SHARED>;
using PrivateMapping = AnonymousMapping<MAP_PRIVATE>;

}  // namespace concur
