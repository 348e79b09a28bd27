// `concur-bench serve`: the embedded image server on its own, for curl, wrk,
// a browser or another machine's `download --url`. Runs until Ctrl-C.
#include <chrono>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "concur/interrupt.hpp"
#include "workloads/download/image_server.hpp"

namespace concur::cli {

Command add_serve_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("serve", "Run the embedded JPEG image server until Ctrl-C");
  auto config = std::make_shared<download::ServerConfig>();
  app->add_option("--port", config->port, "TCP port (default: a free one, printed)");
  app->add_option("--latency", config->latency_ms, "Milliseconds before each image is sent")
      ->check(CLI::Range(0.0, 60000.0));
  app->add_option("--bind", config->bind, "Numeric address to listen on (0.0.0.0: every interface)");
  app->add_option("--seed", config->seed, "Seed of the image pool");
  return {app, [config] {
            download::ImageServer server(*config);
            // The first line is the URL, so scripts can read it.
            std::cout << fmt::format("{}/{}/{}/sports\n", server.base_url(), download::kDefaultImageWidth,
                                     download::kDefaultImageHeight)
                      << fmt::format("serving {0}x{1} JPEGs (any /WIDTH/HEIGHT/CATEGORY up to {2}x{2}) "
                                     "after {3} ms; Ctrl-C stops\n",
                                     download::kDefaultImageWidth, download::kDefaultImageHeight,
                                     download::kMaxImageSide, config->latency_ms)
                      << std::flush;
            while (!interrupt_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
            std::cout << "stopped\n";
            return 0;
          }};
}

}  // namespace concur::cli
