// Text from outside, shown safely. A password in a URL
// (http://user:secret@host/) must not reach an error message, the terminal,
// or a saved report (JSON, CSV, Markdown): what shows a URL or the command
// line passes it through redact_credentials first. A control character in a
// name, a reason or a URL must not reach the terminal raw: printable.
#pragma once

#include <string>
#include <string_view>

namespace concur {

// `text` with the password of every URL in it replaced by "***":
// "get http://ann:pw@h:8/x" -> "get http://ann:***@h:8/x". A user name
// without a password, and everything else, is left as it is.
std::string redact_credentials(std::string_view text);

// `text` with its control characters (ESC, CR, LF, ...) written as \xNN, so
// no name can move the cursor, retitle the window or clear the screen.
std::string printable(std::string_view text);

}  // namespace concur
