// A pool of distinct JPEG images per size, encoded with libjpeg-turbo ahead
// of the requests that need them, so encoding never adds to the latency the
// server simulates. The pool is seeded: image k of a size is the same bytes
// in every run, which is what lets the client check its downloads against a
// gold checksum.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace concur::download {

struct JpegImage {
  std::vector<unsigned char> bytes;
  std::uint64_t checksum = 0;  // BodyHash of bytes
};

inline constexpr int kMaxImageSide = 4096;
// The course's images: what the download workload fetches, what the server
// encodes before the first request, what `serve` advertises.
inline constexpr int kDefaultImageWidth = 400, kDefaultImageHeight = 200;

class JpegPool {
 public:
  using Images = std::vector<JpegImage>;

  explicit JpegPool(std::uint64_t seed) : seed_(seed) {}

  // The images of one size (1..kMaxImageSide each side), encoding them on
  // first use. Thread-safe; the result stays valid while it is held.
  std::shared_ptr<const Images> images(int width, int height);
  // The images of a size if already encoded, else nullptr; never encodes.
  std::shared_ptr<const Images> find(int width, int height);

  // The image served for request `index`: the pool rotates.
  static const JpegImage& pick(const Images& images, std::uint64_t index) {
    return images[index % images.size()];
  }

 private:
  std::uint64_t seed_;
  std::mutex mutex_;
  std::map<std::pair<int, int>, std::shared_ptr<const Images>> cache_;
  std::vector<std::pair<int, int>> insertion_order_;  // for evicting the oldest size
};

// Encodes one seeded image (exposed for tests). Throws std::runtime_error
// with turbojpeg's message if encoding fails.
JpegImage encode_seeded_image(int width, int height, std::uint64_t seed, std::uint64_t index);

}  // namespace concur::download
