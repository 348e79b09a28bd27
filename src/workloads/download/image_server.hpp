// The embedded image server: libevent's evhttp on one thread of its own,
// serving /{width}/{height}/{category} as a real JPEG from a seeded pool.
// Latency is an event timer per request, so the thread never blocks and
// holds thousands of slow requests at once (the dead course service, made
// local and reproducible).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "workloads/download/connection_table.hpp"
#include "workloads/download/jpeg_pool.hpp"

namespace concur::download {

struct ServerConfig {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 0;  // 0: a free port chosen by the kernel
  double latency_ms = 50;
  std::uint64_t seed = 42;
  // Sizes encoded before the first request (the workload's own size).
  int warm_width = kDefaultImageWidth, warm_height = kDefaultImageHeight;
  // Largest width and height served (at most kMaxImageSide); `serve` lowers it.
  int max_side = kMaxImageSide;
  // New sizes waiting to be encoded; beyond it a new size is answered 503.
  std::size_t max_queued_sizes = 4;
  // Idle, slow-header and per-client limits; none for the embedded server,
  // whose one client is this process. The oldest idle connection is shed
  // when descriptors run low, whatever these say.
  ConnectionLimits connections{};
};

// Connections the embedded servers of this process could not accept for lack
// of file descriptors, so far (a client then times out in the backlog, and
// its error can say why).
std::uint64_t accepts_refused_for_descriptors();

class ImageServer {
 public:
  // Binds, encodes the warm size, starts serving. Throws std::runtime_error
  // naming the address when it cannot listen.
  explicit ImageServer(const ServerConfig& config);
  ~ImageServer();  // stops the loop, joins the thread, frees pending replies
  ImageServer(const ImageServer&) = delete;
  ImageServer& operator=(const ImageServer&) = delete;

  std::uint16_t port() const;
  std::string base_url() const;  // "http://127.0.0.1:PORT"
  JpegPool& pool();
  // Connections the server closed so far, and why.
  ConnectionCounts connections_closed() const;

  // The path a client asks for image `index` of a size: deterministic bytes.
  static std::string image_path(int width, int height, std::uint64_t index,
                                const std::string& category = "sports");

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace concur::download
