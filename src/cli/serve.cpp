// `concur-bench serve`: the embedded image server on its own, for curl, wrk,
// a browser or another machine's `download --url`. Runs until Ctrl-C.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <chrono>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/flag_checks.hpp"
#include "cli/help_formatter.hpp"
#include "concur/errors.hpp"
#include "concur/interrupt.hpp"
#include "report/text_layout.hpp"
#include "workloads/download/image_server.hpp"

namespace concur::cli {

Command add_serve_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("serve", "Run the embedded JPEG image server until Ctrl-C");
  auto config = std::make_shared<download::ServerConfig>();
  // Open to other clients, so one of them asking for many huge sizes costs
  // less (an encoding queue of 4 sizes bounds it too).
  config->max_side = 2048;
  // Open to clients that may hold connections and send nothing: shed them.
  config->connections.idle_timeout_s = 15;
  config->connections.header_timeout_s = 10;
  config->connections.max_per_client = 256;
  app->add_option("--port", config->port, "TCP port to listen on")
      ->type_name("N")
      ->default_str("a free one, printed")
      ->check(whole_number(0, 65535));
  app->add_option("--latency", config->latency_ms, "Milliseconds before each image is sent")
      ->type_name("MS")
      ->check(finite_range(0, 60000));
  app->add_option("--bind", config->bind, "Address to listen on: numeric, or localhost (0.0.0.0: every interface)")
      ->type_name("ADDR")
      ->check(non_empty());
  app->add_option("--max-side", config->max_side, "Largest width and height served")
      ->type_name("N")
      ->check(whole_number(1, download::kMaxImageSide));
  app->add_option("--idle-timeout", config->connections.idle_timeout_s,
                  "Seconds a connection may stay open with no request (0: for ever)")
      ->type_name("S")
      ->check(finite_range(0, 86400));
  app->add_option("--header-timeout", config->connections.header_timeout_s,
                  "Seconds from a request's first byte to the end of its headers (0: no limit)")
      ->type_name("S")
      ->check(finite_range(0, 86400));
  app->add_option("--max-per-client", config->connections.max_per_client,
                  "Connections one address may hold; beyond it its oldest idle one is closed (0: no limit)")
      ->type_name("N")
      ->check(whole_number(0, 1'000'000));
  app->add_option("--seed", config->seed, "Seed of the image pool")
      ->type_name("N")
      ->check(whole_number(0, UINT64_MAX));
  app->footer(examples_footer({"concur-bench serve --port 8080 --latency 100",
                               "concur-bench serve --bind 0.0.0.0 --port 8080 --latency 0",
                               "concur-bench download --url http://HOST:8080/400/200/sports"}));
  return {app, [config] {
            // "localhost" is loopback, as curl takes it; other names would
            // need a lookup (DNS) to mean anything, so only addresses.
            if (config->bind == "localhost") config->bind = "127.0.0.1";
            in6_addr parsed{};
            if (::inet_pton(AF_INET, config->bind.c_str(), &parsed) != 1 &&
                ::inet_pton(AF_INET6, config->bind.c_str(), &parsed) != 1)
              throw UsageError(fmt::format("--bind '{}': give a numeric address (127.0.0.1, 0.0.0.0, ::1) or "
                                           "localhost", report::printable(config->bind)));
            download::ImageServer server(*config);
            // The first line is the URL, so scripts can read it.
            std::cout << fmt::format("{}/{}/{}/sports\n", server.base_url(), download::kDefaultImageWidth,
                                     download::kDefaultImageHeight)
                      << fmt::format("serving {0}x{1} JPEGs (any /WIDTH/HEIGHT/CATEGORY up to {2}x{2}) "
                                     "after {3} ms; Ctrl-C stops\n",
                                     download::kDefaultImageWidth, download::kDefaultImageHeight,
                                     config->max_side, config->latency_ms)
                      << std::flush;
            while (!interrupt_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
            const download::ConnectionCounts closed = server.connections_closed();
            std::cout << fmt::format("stopped; connections closed: {} idle, {} slow headers, {} over a client's "
                                     "share, {} refused, {} for descriptors\n",
                                     closed.idle, closed.slow_headers, closed.client_share, closed.refused,
                                     closed.low_descriptors);
            return 0;
          }};
}

}  // namespace concur::cli
