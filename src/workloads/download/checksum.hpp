// The checksum of one body: computed by the pool when it encodes an image and
// by the client as the bytes arrive, so a download is checked against what
// the server meant to send without keeping the body in memory.
// XXH3-64 (libxxhash), streamed: at 10,000 downloads in flight the hash is on
// every byte received, and a byte-at-a-time hash such as FNV-1a (a multiply
// chain, about 4 cycles a byte) was the client's largest cost of its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>

#include <xxhash.h>

namespace concur::download {

class BodyHash {
 public:
  BodyHash() : state_(XXH3_createState()) {
    if (!state_ || XXH3_64bits_reset(state_) != XXH_OK) {
      XXH3_freeState(state_);
      throw std::bad_alloc();
    }
  }
  ~BodyHash() { XXH3_freeState(state_); }
  BodyHash(const BodyHash&) = delete;
  BodyHash& operator=(const BodyHash&) = delete;

  void reset() { XXH3_64bits_reset(state_); }
  void update(const unsigned char* data, std::size_t size) { XXH3_64bits_update(state_, data, size); }
  std::uint64_t value() const { return XXH3_64bits_digest(state_); }

  // The checksum of a whole body at once: the same value as streaming it.
  static std::uint64_t of(const unsigned char* data, std::size_t size) { return XXH3_64bits(data, size); }

 private:
  XXH3_state_t* state_;
};

}  // namespace concur::download
