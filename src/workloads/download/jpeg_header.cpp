#include "workloads/download/jpeg_header.hpp"

#include <fcntl.h>
#include <turbojpeg.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

namespace concur::download {
namespace {

// The markers before the frame header are mostly small; an EXIF or ICC
// segment can take up to 64 KB each. The whole file only when this is short.
constexpr std::uint64_t kUsualHeaderBytes = 256 * 1024;

struct Decompressor {
  tjhandle handle = tjInitDecompress();
  ~Decompressor() {
    if (handle) tjDestroy(handle);
  }
};

std::string read_prefix(const std::string& path, std::uint64_t size, std::vector<unsigned char>& into) {
  into.resize(size);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fmt::format("reading {}: {}", path, std::strerror(errno));
  std::size_t done = 0;
  while (done < into.size()) {
    const ssize_t n = ::pread(fd, into.data() + done, into.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  into.resize(done);
  return "";
}

}  // namespace

std::string jpeg_header_problem(const std::string& path, std::uint64_t bytes) {
  thread_local Decompressor decompressor;
  if (!decompressor.handle) return "";  // no decoder (out of memory): the marker check stands alone
  std::vector<unsigned char> head;
  std::string problem;
  for (std::uint64_t size = std::min(bytes, kUsualHeaderBytes);; size = bytes) {
    if (std::string error = read_prefix(path, size, head); !error.empty()) return error;
    int width = 0, height = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(decompressor.handle, head.data(), static_cast<unsigned long>(head.size()), &width,
                            &height, &subsampling, &colorspace) == 0 &&
        width > 0 && height > 0)
      return "";
    problem = tjGetErrorStr2(decompressor.handle);
    if (size == bytes) break;
  }
  return fmt::format("body is not a JPEG: its header does not decode ({})", problem);
}

}  // namespace concur::download
