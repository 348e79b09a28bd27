#include "core/redact.hpp"

#include <fmt/format.h>

namespace concur {

std::string redact_credentials(std::string_view text) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t scheme_end = text.find("://"); scheme_end != std::string_view::npos;
       scheme_end = text.find("://", scheme_end + 3)) {
    const std::size_t authority = scheme_end + 3;
    // The authority ends where the path, query or fragment starts, or the
    // word does (a command line holds other words after the URL).
    std::size_t end = text.find_first_of("/?# \t\n'\"", authority);
    if (end == std::string_view::npos) end = text.size();
    const std::size_t at = text.rfind('@', end == 0 ? 0 : end - 1);
    if (at == std::string_view::npos || at < authority) continue;
    const std::size_t colon = text.find(':', authority);
    if (colon == std::string_view::npos || colon > at) continue;
    out.append(text.substr(copied, colon + 1 - copied));
    out += "***";
    copied = at;
  }
  out.append(text.substr(copied));
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) out += fmt::format("\\x{:02X}", byte);
    else out += c;
  }
  return out;
}

}  // namespace concur
