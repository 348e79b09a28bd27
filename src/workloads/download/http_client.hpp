// The blocking client the sequential, threads, processes and gil models use:
// one GET per task with libcurl's easy interface, retried with backoff.
#pragma once

#include <string>

#include "workloads/download/transfer.hpp"

namespace concur::download {

// curl_global_init, once, before any thread or fork uses libcurl.
void init_curl_once();

// Raises the soft RLIMIT_NOFILE to the hard limit (a thousand concurrent
// downloads need two thousand descriptors with the embedded server) and
// returns the limit now in force. When `wanted` is above the hard limit, a
// privileged process (CAP_SYS_RESOURCE) raises that too, up to fs.nr_open.
unsigned long raise_open_file_limit(unsigned long wanted = 0);

// Downloads `url` to `destination`, retrying transient failures up to
// settings.retries times. Sleeps between attempts stop early on Ctrl-C.
FetchOutcome fetch(const std::string& url, const Destination& destination,
                   const FetchSettings& settings);

}  // namespace concur::download
