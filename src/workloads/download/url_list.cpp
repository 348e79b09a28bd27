#include "workloads/download/url_list.hpp"

#include <algorithm>

#include <curl/curl.h>
#include <fmt/format.h>

#include "concur/errors.hpp"
#include "core/bounded_read.hpp"
#include "core/redact.hpp"

namespace concur::download {
namespace {

// A list longer than this is not a list of images (100,000 at most).
constexpr std::size_t kMaxListBytes = 64u << 20;

}  // namespace

void check_url(const std::string& url, std::string_view flag) {
  const std::string shown = printable(redact_credentials(url));
  CURLU* parsed = curl_url();
  const CURLUcode rc = parsed ? curl_url_set(parsed, CURLUPART_URL, url.c_str(), 0) : CURLUE_OUT_OF_MEMORY;
  char* scheme = nullptr;
  if (rc == CURLUE_OK) curl_url_get(parsed, CURLUPART_SCHEME, &scheme, 0);
  const std::string scheme_name = scheme ? scheme : "";
  curl_free(scheme);
  curl_url_cleanup(parsed);
  if (rc != CURLUE_OK) throw UsageError(fmt::format("{} '{}': {}", flag, shown, curl_url_strerror(rc)));
  if (scheme_name != "http" && scheme_name != "https")
    throw UsageError(fmt::format("{} '{}': give an http:// or https:// URL", flag, shown));
  // libcurl reads "http:///jpeg" as the host "jpeg", which would be looked up.
  if (const std::size_t sep = url.find("://"); sep == std::string::npos || sep + 3 >= url.size() || url[sep + 3] == '/')
    throw UsageError(fmt::format("{} '{}': no host name (give http://HOST[:PORT]/PATH)", flag, shown));
}

std::string expand_url_pattern(std::string_view pattern, std::size_t number) {
  std::string out;
  for (std::size_t at = 0; at < pattern.size();) {
    const std::size_t open = pattern.find_first_of("{}", at);
    out += pattern.substr(at, open == std::string_view::npos ? std::string_view::npos : open - at);
    if (open == std::string_view::npos) break;
    const std::size_t close = pattern[open] == '{' ? pattern.find('}', open) : std::string_view::npos;
    // An unclosed '{' takes the rest, a lone '}' itself: both refused below.
    const std::string_view placeholder = pattern.substr(
        open, close != std::string_view::npos ? close - open + 1 : pattern[open] == '{' ? std::string_view::npos : 1);
    // "{i}", or "{i:0W}": zero-padded to W digits.
    const bool plain = placeholder == "{i}";
    const bool padded = placeholder.size() == 6 && placeholder.starts_with("{i:0") && placeholder[4] >= '1' &&
                        placeholder[4] <= '9' && placeholder[5] == '}';
    if (!plain && !padded)
      throw UsageError(fmt::format("--url '{}': '{}' is no placeholder; give {{i}} (the image's number) or "
                                   "{{i:03}} (padded to 3 digits); a brace in a URL is written %7B or %7D",
                                   printable(redact_credentials(std::string(pattern))), printable(placeholder)));
    const unsigned width = padded ? static_cast<unsigned>(placeholder[4] - '0') : 0;
    out += width ? fmt::format("{:0{}}", number, width) : std::to_string(number);
    at = open + placeholder.size();
  }
  return out;
}

std::vector<std::string> read_url_list(const std::string& path) {
  const std::string shown_path = path == "-" ? "- (standard input)" : path;
  const BoundedRead read = read_at_most(path == "-" ? "/dev/stdin" : path, kMaxListBytes);
  if (!read.error.empty()) throw UsageError(fmt::format("--urls {}", read.error));
  std::vector<std::string> urls;
  std::size_t line_number = 0;
  for (std::size_t start = 0; start < read.content.size();) {
    const std::size_t end = std::min(read.content.find('\n', start), read.content.size());
    std::string line = read.content.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.ends_with('\r')) line.pop_back();
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const std::size_t last = line.find_last_not_of(" \t");
    line = line.substr(first, last - first + 1);
    check_url(line, fmt::format("--urls {} line {}", shown_path, line_number));
    urls.push_back(std::move(line));
  }
  if (urls.empty())
    throw UsageError(fmt::format("--urls {}: no URL in it (one per line; blank lines and # comments are skipped)",
                                 shown_path));
  return urls;
}

}  // namespace concur::download
