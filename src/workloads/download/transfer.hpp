// One GET as a libcurl easy handle, shared by the blocking client (easy
// interface) and the async runner (multi interface): the body is held in
// memory (up to kInMemoryBytes, then it streams into the partial file) while
// its checksum is computed; a complete, verified body is written to the
// partial file and renamed to its final name. So an image holds no file
// descriptor while it waits: one per download (its socket), not two.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <string>
#include <vector>

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
  // A transient failure with attempts left: try again after backoff_seconds().
  bool worth_retrying(const FetchOutcome& outcome) const {
    return !outcome.ok && outcome.retriable && attempts_ <= settings_.retries;
  }

  // Resets the body and the counters for a new attempt (removing what an
  // earlier one wrote). False when there is no curl handle.
  bool start_attempt();

  // Bodies up to this size wait in memory; larger ones stream to the file.
  static constexpr std::size_t kInMemoryBytes = 1 << 20;
  // What curl said about the attempt becomes an outcome: verified and
  // renamed, or failed with the reason, the partial file removed.
  FetchOutcome finish(CURLcode code);

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  FetchOutcome fail(std::string cause, bool retriable);
  void discard_partial();
  bool open_partial();  // creates the file and writes what is buffered
  bool write_to_partial(const unsigned char* bytes, std::size_t size);

  std::string url_;
  Destination destination_;
  FetchSettings settings_;
  CURL* curl_ = nullptr;
  char curl_error_[CURL_ERROR_SIZE] = {};
  int fd_ = -1;
  bool partial_exists_ = false;
  std::vector<unsigned char> buffered_;
  unsigned attempts_ = 0;
  std::uint64_t bytes_ = 0;
  BodyHash hash_;
  unsigned char head_[2] = {}, tail_[2] = {};
  std::string write_error_;
  bool too_large_ = false;
  std::uint64_t refused_accepts_at_start_ = 0;  // the embedded server's, see finish()
};

// Backoff before retry `attempt` (1-based): 100 ms, doubling, at most 2 s.
double backoff_seconds(unsigned attempt);

}  // namespace concur::download
