// A password in a URL (http://user:secret@host/) must not reach an error
// message, the terminal, or a saved report (JSON, CSV, Markdown). What shows
// a URL or the command line passes it through here first.
#pragma once

#include <string>
#include <string_view>

namespace concur {

// `text` with the password of every URL in it replaced by "***":
// "get http://ann:pw@h:8/x" -> "get http://ann:***@h:8/x". A user name
// without a password, and everything else, is left as it is.
std::string redact_credentials(std::string_view text);

}  // namespace concur
