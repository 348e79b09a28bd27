// FNV-1a over the bytes of one body: computed by the pool when it encodes an
// image and by the client as the bytes arrive, so a download is checked
// against what the server meant to send without keeping the body in memory.
#pragma once

#include <cstddef>
#include <cstdint>

namespace concur::download {

class Fnv1a64 {
 public:
  void update(const unsigned char* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
      hash_ ^= data[i];
      hash_ *= 0x100000001b3ull;
    }
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

}  // namespace concur::download
