// The download workload's own settings (--images, --latency, --url,
// --timeout, --retries, --keep, --max-size), held in Options::plugins. They
// travel to mpi's worker ranks, which build the workload themselves.
#pragma once

#include <cstdint>
#include <string>
#include <vector>
#include <string_view>

namespace concur {

struct DownloadOptions {
  static constexpr std::string_view key = "download";
  unsigned images = 10;
  double latency_ms = 50;   // the embedded server's, per image
  std::string url;          // empty: the embedded server; may hold {i} or {i:03}
  std::vector<std::string> urls;  // --urls: read and checked at parse time, one per image, cycling
  double timeout_s = 30;
  unsigned retries = 0;
  std::string keep_dir;     // keep downloaded files here
  std::uint64_t max_bytes = 64ull << 20;  // --max-size: largest body per image

  std::string encode() const;  // JSON
  static DownloadOptions decode(std::string_view text);
};

}  // namespace concur
