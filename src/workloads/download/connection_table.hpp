// The image server's open connections, by descriptor, so it can shed the
// ones that hold a descriptor and do nothing with it:
//   - idle (no request under way) longer than the idle timeout;
//   - sending a request whose headers are not complete within the header
//     timeout of its first byte (a slow-headers client);
//   - beyond one client address's share: its oldest idle connection goes, or,
//     when all of them are busy, the new one;
//   - when descriptors run low: the oldest idle connection, first.
// libevent 2.1's evhttp (Debian 12) has none of these: its only timeout
// restarts at every byte read, and it keeps an idle connection for ever.
//
// The table never closes a descriptor: it shuts the socket down, evhttp reads
// the end of the stream on its next turn and frees the connection itself.
// An entry is alive while its descriptor still names the same socket (same
// inode), so a number the kernel reuses for another file is never mistaken
// for the connection that had it. Loop thread only, except counts().
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

struct bufferevent;
struct evbuffer;
struct evbuffer_cb_info;

namespace concur::download {

struct ConnectionLimits {
  double idle_timeout_s = 0;            // 0: an idle connection stays open
  double header_timeout_s = 0;          // 0: no deadline for a request's headers
  std::size_t max_per_client = 0;       // connections from one address; 0: no limit
  // Bytes of a request line and headers; beyond it the client gets 431 and
  // the connection is closed (libevent itself answers 400 or 413). 0: the
  // server's default, 16 KiB.
  std::size_t max_header_bytes = 0;
  // Below this many free descriptors (of RLIMIT_NOFILE), each new connection
  // sheds the oldest idle one.
  int descriptors_in_reserve = 8;
};

// Connections the table closed, and why; read from any thread.
struct ConnectionCounts {
  std::uint64_t idle = 0;            // idle past the idle timeout
  std::uint64_t slow_headers = 0;    // headers not complete within the header timeout
  std::uint64_t client_share = 0;    // an idle one, for a new one from the same address
  std::uint64_t refused = 0;         // new ones over the per-client limit, all others busy
  std::uint64_t low_descriptors = 0; // the oldest idle, for descriptors
  std::uint64_t headers_too_large = 0;  // answered 431
};

class ConnectionTable {
 public:
  using Clock = std::chrono::steady_clock;

  // `descriptor_limit`: the process's RLIMIT_NOFILE (soft) when it started.
  ConnectionTable(const ConnectionLimits& limits, int descriptor_limit);
  ~ConnectionTable();
  ConnectionTable(const ConnectionTable&) = delete;
  ConnectionTable& operator=(const ConnectionTable&) = delete;

  // A connection evhttp just accepted on `events` (its descriptor set).
  void adopt(bufferevent* events, Clock::time_point now);
  // A request's headers are complete and it is being answered; the key is
  // what request_finished needs, valid even after the client hung up.
  struct Key {
    int fd = -1;
    ino_t inode = 0;
  };
  Key request_started(bufferevent* events);
  void request_finished(Key key, Clock::time_point now);
  // Closes those past a deadline and forgets the dead; run a few times a second.
  void sweep(Clock::time_point now);
  // Out of descriptors (accept failed): shed the oldest idle connection
  // other than `except`. False when none is idle.
  bool shed_oldest_idle(int except = -1);

  ConnectionCounts counts() const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    ino_t inode = 0;
    std::string client;           // the peer's address, without its port
    bufferevent* events = nullptr;
    Clock::time_point since{};    // opened, or its last reply sent
    Clock::time_point first_byte{};
    bool header_started = false;  // bytes of a request arrived, headers not complete yet
    std::size_t header_bytes = 0; // of this request so far
    int requests = 0;             // being answered (the simulated latency)
    bool shut = false;            // shut down, waiting for evhttp to free it
  };
  static void on_input(evbuffer* buffer, const evbuffer_cb_info* info, void* self);
  bool alive(int fd, const Entry& entry) const;
  bool idle(const Entry& entry) const;
  void shut(int fd, Entry& entry, std::atomic<std::uint64_t>& reason);
  void refuse_headers(int fd, Entry& entry);
  // The idle connection with the oldest `since`, or -1; `client` narrows it.
  int oldest_idle(const std::string* client, int except) const;
  void forget_dead();
  void release_share(const std::string& client);
  void forget(std::unordered_map<int, Entry>::iterator it);

  ConnectionLimits limits_;
  int descriptor_limit_;
  std::unordered_map<int, Entry> entries_;
  std::unordered_map<const evbuffer*, int> fd_of_input_;
  std::unordered_map<std::string, std::size_t> per_client_;
  unsigned quiet_sweeps_ = 0;  // open and not shut, by address
  std::atomic<std::uint64_t> idle_{0}, slow_headers_{0}, client_share_{0}, refused_{0},
      low_descriptors_{0}, headers_too_large_{0};
};

}  // namespace concur::download
