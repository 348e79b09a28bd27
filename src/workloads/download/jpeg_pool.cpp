#include "workloads/download/jpeg_pool.hpp"

#include <turbojpeg.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "workloads/download/checksum.hpp"

namespace concur::download {
namespace {

// Distinct images per size, like a photo service: the course downloaded 10.
constexpr std::size_t kPoolImages = 16;
constexpr std::size_t kPoolImagesLarge = 4;  // above one megapixel: memory
constexpr std::size_t kCachedSizes = 8;
constexpr int kQuality = 85;

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

struct Disc {
  long cx, cy, r2;
  unsigned char rgb[3];
};

// A gradient, a few overlapping discs and fine grain: photo-like enough that
// the JPEG is a realistic size (~20 KB at 400x200), cheap to draw.
std::vector<unsigned char> draw(int width, int height, std::uint64_t seed, std::uint64_t index) {
  std::uint64_t state = seed ^ (static_cast<std::uint64_t>(width) << 40) ^
                        (static_cast<std::uint64_t>(height) << 20) ^ (index * 0x2545f4914f6cdd1dull);
  unsigned char from[3], to[3];
  for (int c = 0; c < 3; ++c) {
    from[c] = static_cast<unsigned char>(splitmix64(state));
    to[c] = static_cast<unsigned char>(splitmix64(state));
  }
  std::vector<Disc> discs(6);
  for (auto& d : discs) {
    d.cx = static_cast<long>(splitmix64(state) % static_cast<std::uint64_t>(width));
    d.cy = static_cast<long>(splitmix64(state) % static_cast<std::uint64_t>(height));
    long r = 1 + static_cast<long>(splitmix64(state) % static_cast<std::uint64_t>(std::max(1, std::min(width, height) / 3)));
    d.r2 = r * r;
    for (auto& c : d.rgb) c = static_cast<unsigned char>(splitmix64(state));
  }
  const std::uint64_t grain_seed = splitmix64(state);
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  const long span = std::max(1, width + height - 2);
  unsigned char* p = pixels.data();
  for (long y = 0; y < height; ++y) {
    for (long x = 0; x < width; ++x, p += 3) {
      const unsigned char* rgb = nullptr;
      for (const auto& d : discs)
        if ((x - d.cx) * (x - d.cx) + (y - d.cy) * (y - d.cy) <= d.r2) rgb = d.rgb;
      std::uint64_t grain_state = grain_seed ^ static_cast<std::uint64_t>(y * width + x);
      const int grain = static_cast<int>(splitmix64(grain_state) & 15) - 8;
      for (int c = 0; c < 3; ++c) {
        int base = rgb ? rgb[c] : from[c] + (to[c] - from[c]) * (x + y) / span;
        p[c] = static_cast<unsigned char>(std::clamp(base + grain, 0, 255));
      }
    }
  }
  return pixels;
}

}  // namespace

JpegImage encode_seeded_image(int width, int height, std::uint64_t seed, std::uint64_t index) {
  if (width < 1 || height < 1 || width > kMaxImageSide || height > kMaxImageSide)
    throw std::runtime_error("image size out of range");
  std::vector<unsigned char> pixels = draw(width, height, seed, index);
  tjhandle handle = tjInitCompress();
  if (!handle) throw std::runtime_error("tjInitCompress failed");
  unsigned char* jpeg = nullptr;
  unsigned long size = 0;
  const int rc = tjCompress2(handle, pixels.data(), width, 0, height, TJPF_RGB, &jpeg, &size,
                             TJSAMP_420, kQuality, TJFLAG_FASTDCT);
  std::string error = rc == 0 ? "" : tjGetErrorStr2(handle);
  tjDestroy(handle);
  JpegImage image;
  if (rc == 0) image.bytes.assign(jpeg, jpeg + size);
  tjFree(jpeg);
  if (rc != 0) throw std::runtime_error("JPEG encoding failed: " + error);
  image.checksum = BodyHash::of(image.bytes.data(), image.bytes.size());
  return image;
}

std::shared_ptr<const JpegPool::Images> JpegPool::find(int width, int height) {
  std::lock_guard lock(mutex_);
  auto it = cache_.find(std::make_pair(width, height));
  return it == cache_.end() ? nullptr : it->second;
}

std::shared_ptr<const JpegPool::Images> JpegPool::images(int width, int height) {
  if (auto found = find(width, height)) return found;
  // Encoded without the lock, so finding a cached size never waits for it.
  const bool large = static_cast<long>(width) * height > 1'000'000;
  auto images = std::make_shared<Images>();
  for (std::size_t k = 0, n = large ? kPoolImagesLarge : kPoolImages; k < n; ++k)
    images->push_back(encode_seeded_image(width, height, seed_, k));
  const auto key = std::make_pair(width, height);
  std::lock_guard lock(mutex_);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;  // another thread won
  if (insertion_order_.size() == kCachedSizes) {
    cache_.erase(insertion_order_.front());
    insertion_order_.erase(insertion_order_.begin());
  }
  insertion_order_.push_back(key);
  cache_[key] = images;
  return images;
}

}  // namespace concur::download
