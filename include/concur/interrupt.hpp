// Ctrl-C and SIGTERM: a flag that long-running loops poll, so every model
// can stop, reap its children and remove its files before exit 130.
#pragma once

namespace concur {

// Installs SIGINT/SIGTERM/SIGHUP handlers (without SA_RESTART, so blocking calls
// return EINTR). Idempotent.
void install_interrupt_handlers();
bool interrupt_requested();
void clear_interrupt();  // for tests
// Throws Interrupted when a signal arrived.
void throw_if_interrupted();

}  // namespace concur
