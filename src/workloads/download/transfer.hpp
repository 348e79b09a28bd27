// One GET as a libcurl easy handle, shared by the blocking client (easy
// interface) and the async runner (multi interface): the body streams into
// a partial file while its checksum is computed; only a complete, verified
// body is renamed to its final name.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <string>

#include "workloads/download/checksum.hpp"

namespace concur::download {

struct FetchSettings {
  double timeout_s = 30;    // connect and total, per attempt
  unsigned retries = 0;     // extra attempts after a transient failure
  // Largest body accepted: checked against Content-Length by curl and on the
  // stream as it arrives (an endless or lying response cannot fill the disk).
  std::uint64_t max_bytes = 64ull << 20;
};

struct Destination {
  std::string partial_path;  // written while the body arrives
  std::string final_path;    // renamed to once verified
};

struct FetchOutcome {
  bool ok = false;
  bool retriable = false;  // a transient failure: refused, timeout, 5xx, truncated
  std::uint64_t checksum = 0;
  std::uint64_t bytes = 0;
  std::string error;  // "GET <url>: <cause>"
};

class Transfer {
 public:
  Transfer(std::string url, Destination destination, const FetchSettings& settings);
  ~Transfer();  // no partial file outlives a transfer
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  CURL* handle() const { return curl_; }
  unsigned attempts() const { return attempts_; }

  // Opens a fresh partial file and resets the counters. False (and error()
  // says why) when the file cannot be created.
  bool start_attempt();
  // What curl said about the attempt becomes an outcome: verified and
  // renamed, or failed with the reason, the partial file removed.
  FetchOutcome finish(CURLcode code);

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  FetchOutcome fail(std::string cause, bool retriable);
  void discard_partial();

  std::string url_;
  Destination destination_;
  FetchSettings settings_;
  CURL* curl_ = nullptr;
  char curl_error_[CURL_ERROR_SIZE] = {};
  int fd_ = -1;
  unsigned attempts_ = 0;
  std::uint64_t bytes_ = 0;
  Fnv1a64 hash_;
  unsigned char head_[2] = {}, tail_[2] = {};
  std::string write_error_;
  bool too_large_ = false;
};

// Backoff before retry `attempt` (1-based): 100 ms, doubling, at most 2 s.
double backoff_seconds(unsigned attempt);

}  // namespace concur::download
