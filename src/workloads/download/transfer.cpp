#include "workloads/download/transfer.hpp"
#include "workloads/download/jpeg_header.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include "concur/interrupt.hpp"
#include "concur/version.hpp"
#include "core/mechanism.hpp"
#include "core/redact.hpp"
#include "workloads/download/image_server.hpp"

namespace concur::download {
namespace {

// TaskResult holds 238 characters: a long URL is shortened in the middle so
// the cause always fits.
std::string short_url(const std::string& url) {
  constexpr std::size_t kMax = 90;
  if (url.size() <= kMax) return url;
  return url.substr(0, kMax - 30) + "..." + url.substr(url.size() - 27);
}

bool is_transient(CURLcode code, long status) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      return true;
    case CURLE_HTTP_RETURNED_ERROR:
      return status >= 500 || status == 429;
    default:
      return false;
  }
}

// Ctrl-C aborts a transfer within one progress tick instead of its timeout.
int on_progress(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return interrupt_requested() ? 1 : 0;
}

// curl does not always keep socket()'s errno; when it does not, a probe
// tells whether this process is at its descriptor limit right now.
bool out_of_descriptors(CURL* curl) {
  long os_errno = 0;
  curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
  if (os_errno == EMFILE || os_errno == ENFILE) return true;
  const int probe = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (probe >= 0) ::close(probe);
  return probe < 0 && (errno == EMFILE || errno == ENFILE);
}

}  // namespace

double backoff_seconds(unsigned attempt) {
  return std::min(2.0, 0.1 * std::pow(2.0, static_cast<double>(attempt) - 1));
}

Transfer::Transfer(std::string url, Destination destination, const FetchSettings& settings)
    : url_(std::move(url)), destination_(std::move(destination)), settings_(settings),
      curl_(curl_easy_init()) {
  if (!curl_) return;  // start_attempt reports it
  const long timeout_ms = std::max(1L, std::lround(settings_.timeout_s * 1000));
  curl_easy_setopt(curl_, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl_, CURLOPT_PRIVATE, this);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, curl_error_);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(curl_, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl_, CURLOPT_XFERINFOFUNCTION, &on_progress);
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
  // Every image on a connection of its own, in every model (as the course's
  // requests.get does). It also keeps libcurl 7.88 from searching its
  // connection cache for a reusable one on each new transfer: with n in
  // flight to one host that search is O(n), and 9,000 downloads took 10 s.
  curl_easy_setopt(curl_, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(curl_, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl_, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, 1L);  // system CA store (libcurl's default)
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl_, CURLOPT_FAILONERROR, 1L);  // 4xx/5xx: curl's own error text
  static const std::string user_agent = std::string("concur-bench/") + build_info::version;
  curl_easy_setopt(curl_, CURLOPT_USERAGENT, user_agent.c_str());
  curl_easy_setopt(curl_, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(settings_.max_bytes));
}

Transfer::~Transfer() {
  discard_partial();
  if (curl_) curl_easy_cleanup(curl_);
}

void Transfer::discard_partial() {
  buffered_.clear();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (partial_exists_) ::unlink(destination_.partial_path.c_str());
  partial_exists_ = false;
}

bool Transfer::open_partial() {
  fd_ = ::open(destination_.partial_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    write_error_ = fmt::format("creating {}: {}", destination_.partial_path, std::strerror(errno));
    return false;
  }
  partial_exists_ = true;
  std::vector<unsigned char> held;
  held.swap(buffered_);
  return write_to_partial(held.data(), held.size());
}

bool Transfer::write_to_partial(const unsigned char* bytes, std::size_t size) {
  for (std::size_t done = 0; done < size;) {
    ssize_t w = ::write(fd_, bytes + done, size - done);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      write_error_ = fmt::format("writing {}: {}", destination_.partial_path, std::strerror(errno));
      return false;
    }
    done += static_cast<std::size_t>(w);
  }
  return true;
}

bool Transfer::start_attempt() {
  discard_partial();
  ++attempts_;
  bytes_ = 0;
  hash_.reset();
  write_error_.clear();
  too_large_ = false;
  curl_error_[0] = '\0';
  refused_accepts_at_start_ = accepts_refused_for_descriptors();
  return curl_ != nullptr;
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  auto& t = *static_cast<Transfer*>(self);
  const std::size_t n = size * count;
  if (n > t.settings_.max_bytes - t.bytes_) {
    t.too_large_ = true;
    return 0;  // curl aborts with CURLE_WRITE_ERROR; nothing past the limit is written
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(data);
  if (t.fd_ < 0 && t.buffered_.size() + n <= kInMemoryBytes) {
    t.buffered_.insert(t.buffered_.end(), bytes, bytes + n);
  } else if ((t.fd_ < 0 && !t.open_partial()) || !t.write_to_partial(bytes, n)) {
    return 0;  // curl aborts with CURLE_WRITE_ERROR
  }
  t.hash_.update(bytes, n);
  for (std::size_t i = 0; i < n && t.bytes_ + i < 2; ++i) t.head_[t.bytes_ + i] = bytes[i];
  if (n >= 2) {
    t.tail_[0] = bytes[n - 2];
    t.tail_[1] = bytes[n - 1];
  } else if (n == 1) {
    t.tail_[0] = t.tail_[1];
    t.tail_[1] = bytes[0];
  }
  t.bytes_ += n;
  return n;
}

FetchOutcome Transfer::fail(std::string cause, bool retriable) {
  discard_partial();
  FetchOutcome outcome;
  outcome.retriable = retriable;
  outcome.error = fmt::format("GET {}: {}", short_url(redact_credentials(url_)), redact_credentials(cause));
  return outcome;
}

FetchOutcome Transfer::finish(CURLcode code) {
  if (!curl_) return fail("curl_easy_init failed", false);
  // Every attempt's time in flight, failed ones too: the repetition's I/O.
  mechanism::declare(mechanism::Channel::io);
  if (curl_off_t in_flight_us = 0;
      curl_easy_getinfo(curl_, CURLINFO_TOTAL_TIME_T, &in_flight_us) == CURLE_OK)
    mechanism::add_io_in_flight(std::chrono::microseconds(in_flight_us));
  if (!write_error_.empty()) return fail(write_error_, false);
  if (too_large_ || code == CURLE_FILESIZE_EXCEEDED)
    return fail(fmt::format("body is larger than --max-size ({} bytes)", settings_.max_bytes), false);
  long status = 0;
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
  if (code != CURLE_OK) {
    if (code == CURLE_ABORTED_BY_CALLBACK && interrupt_requested()) return fail("interrupted", false);
    std::string cause = curl_error_[0] ? curl_error_ : curl_easy_strerror(code);
    // libcurl 7.88 says only "Out of memory" when a header line is over its
    // 100 KB limit (CURL_MAX_HTTP_HEADER).
    if (code == CURLE_OUT_OF_MEMORY)
      cause += " (libcurl refuses a response header line over 100 KB, or memory ran out)";
    // Out of descriptors, the in-process server cannot accept: the client
    // connects (the kernel's backlog) and then times out instead. By then
    // other transfers may have closed theirs, so the server's own count of
    // refused accepts tells it too.
    const bool server_refused = accepts_refused_for_descriptors() > refused_accepts_at_start_;
    if ((code == CURLE_COULDNT_CONNECT || code == CURLE_OPERATION_TIMEDOUT) &&
        (server_refused || out_of_descriptors(curl_)))
      cause += " (out of file descriptors: use fewer workers or raise `ulimit -n`)";
    return fail(cause, is_transient(code, status));
  }
  if (status != 200) return fail(fmt::format("HTTP status {}, expected 200", status), false);
  curl_off_t length = -1;
  curl_easy_getinfo(curl_, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  if (length >= 0 && static_cast<std::uint64_t>(length) != bytes_)
    return fail(fmt::format("body has {} bytes, Content-Length says {}", bytes_, length), true);
  // Every body must be a JPEG, whatever its Content-Type says: an HTML
  // error page served with 200 is not an image.
  const bool jpeg = bytes_ >= 4 && head_[0] == 0xFF && head_[1] == 0xD8 && tail_[0] == 0xFF &&
                    tail_[1] == 0xD9;
  if (!jpeg)
    return fail(fmt::format("body is not a JPEG ({} bytes, starts {:02X} {:02X}, ends {:02X} {:02X}; "
                            "expected FF D8 ... FF D9)", bytes_, head_[0], head_[1], tail_[0], tail_[1]),
                false);
  if (fd_ < 0 && !open_partial()) return fail(write_error_, false);
  if (::close(fd_) != 0) {
    fd_ = -1;
    return fail(fmt::format("writing {}: {}", destination_.partial_path, std::strerror(errno)), false);
  }
  fd_ = -1;
  if (std::string problem = jpeg_header_problem(destination_.partial_path, bytes_); !problem.empty())
    return fail(problem, false);
  if (::rename(destination_.partial_path.c_str(), destination_.final_path.c_str()) != 0) {
    const int err = errno;
    return fail(fmt::format("renaming to {}: {}", destination_.final_path, std::strerror(err)), false);
  }
  partial_exists_ = false;
  FetchOutcome outcome;
  outcome.ok = true;
  outcome.checksum = hash_.value();
  outcome.bytes = bytes_;
  return outcome;
}

}  // namespace concur::download
