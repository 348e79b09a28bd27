// See session.hpp. One coordinator per process: MPI can be initialised only
// once, so the ranks live as long as the process and are reused by every
// mpi cell; starting them is timed apart from the cells (StartupCost).
#include "models/mpi/session.hpp"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "concur/interrupt.hpp"
#include "core/mechanism.hpp"
#include "models/mpi/entry.hpp"
#include "models/mpi/local_processes.hpp"
#include "models/mpi/protocol.hpp"
#include "models/mpi/range_farm.hpp"

namespace concur::mpi {
namespace {

std::string this_host() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return name;
}

struct WorkerRank {
  MPI_Comm comm;  // an intercommunicator (spawned) or MPI_COMM_WORLD
  int rank;       // in comm's remote group (spawned) or in the world
  long pid = 0;
  std::string host;
};

// A rank that cannot continue: named by rank and host for the user.
struct RankLost : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct Stopped : std::runtime_error {
  Stopped() : std::runtime_error("interrupted") {}
};

struct Message {
  std::size_t worker;  // index into the pool
  int tag;
  std::string bytes;
};

struct StartupCost {
  double init_seconds = 0;   // MPI_Init of the coordinator
  double spawn_seconds = 0;  // MPI_Comm_spawn + every hello, all spawns
  unsigned ranks_started = 0;
};

class Session {
 public:
  static Session& get() {
    static Session* session = new Session;  // outlives static destructors: see shutdown()
    return *session;
  }

  // Under mpirun: the other world ranks are the workers; with -np 1 there
  // are none, and ranks are spawned as in a singleton.
  void init_launched(bool has_worker_ranks) {
    launched_ = has_worker_ranks;
    initialised_ = true;
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    std::atexit([] { get().shutdown(); });
  }

  void prepare(const std::string& cell, unsigned workers, const std::string& hostfile) {
    if (broken_) discard_pool();
    if (!initialised_) init_singleton(hostfile);
    try {
      if (launched_) {
        collect_world_hellos();
        if (workers > pool_.size())
          throw std::runtime_error(fmt::format(
              "asked for {} workers but mpirun started {} worker ranks (-np {}): pass --workers "
              "{} or start more ranks",
              workers, pool_.size(), pool_.size() + 1, pool_.size()));
      } else if (pool_.size() < workers) {
        spawn(workers - static_cast<unsigned>(pool_.size()), hostfile);
      }
      for (unsigned w = 0; w < workers; ++w) send(w, kPrepare, cell.data(), cell.size());
      std::string errors;
      for (unsigned ready = 0; ready < workers; ++ready) {
        Message m = receive(workers, kReadyWaitLimit);
        if (m.tag != kReady) throw RankLost(fmt::format("{} answered out of turn", name(m.worker)));
        if (!m.bytes.empty() && errors.empty())
          errors = fmt::format("{}: {}", name(m.worker), m.bytes);
      }
      if (!errors.empty()) {
        done_all(workers);
        throw std::runtime_error(errors);
      }
      prepared_workers_ = workers;
    } catch (const RankLost&) {
      broken_ = lost_ = true;
      throw;
    } catch (const Stopped&) {
      broken_ = true;
      throw std::runtime_error("interrupted");
    }
  }

  // Hands out ranges of task indices (guided sizes, see range_farm.hpp);
  // each rank holds kRangesInFlight of them, so it starts its next range
  // the moment it sends the results of one instead of waiting a round trip
  // for the coordinator (which sleeps between probes, and on a loaded
  // machine may wait for a core to wake up).
  RunOutcome farm(std::size_t task_count, unsigned workers) {
    RunOutcome outcome;
    if (prepared_workers_ < workers || broken_) {
      outcome.error = "mpi: the ranks were not prepared for this run (Model::prepare)";
      return outcome;
    }
    prepared_workers_ = 0;  // one farm per prepare: the ranks go idle after kDone
    // Every message goes through rank 0, so its sends and receives are all
    // the traffic; the ranks' own CPU and run delay come with their results.
    mechanism::declare(mechanism::Channel::traffic);
    mechanism::declare(mechanism::Channel::workers_elsewhere);
    std::vector<std::optional<mechanism::RankUsage>> usage(workers);  // each rank's latest
    RangeFarm ranges(task_count, workers, kRangesInFlight, kMaxRangeTasks);
    unsigned active = workers;
    auto hand_out = [&](std::size_t w) {
      while (auto range = ranges.hand_out(w)) send(w, kTask, &*range, sizeof *range);
      if (ranges.in_flight(w) == 0) {
        send(w, kDone, nullptr, 0);
        --active;
      }
    };
    try {
      for (unsigned w = 0; w < workers; ++w) hand_out(w);
      TaskRange range;
      mechanism::RankUsage rank_usage;
      std::vector<TaskResult> results;
      while (active > 0) {
        Message m = receive(workers, 0);
        if (m.tag != kResult || !decode_results(m.bytes, range, rank_usage, results))
          throw RankLost(fmt::format("{} sent an unexpected message (tag {}, {} bytes)", name(m.worker),
                                     m.tag, m.bytes.size()));
        if (std::string wrong = ranges.accept(m.worker, range, results); !wrong.empty())
          throw RankLost(fmt::format("{} {}", name(m.worker), wrong));
        usage[m.worker] = rank_usage;
        hand_out(m.worker);
      }
    } catch (const RankLost& e) {
      broken_ = lost_ = true;
      outcome.error = e.what();
      return outcome;
    } catch (const Stopped&) {
      broken_ = true;
      outcome.error = "interrupted";
      return outcome;
    }
    // Totals since each rank's first task: its last report holds them all.
    for (const auto& u : usage)
      if (u) mechanism::add_rank_usage(*u);
    outcome.error = ranges.first_missing();
    outcome.results = ranges.take_results();
    outcome.workers_label = label(workers);
    for (const auto& [host, ranks] : hosts_of(workers)) outcome.placement.push_back({host, ranks});
    return outcome;
  }

  std::string label(unsigned workers) const {
    auto hosts = hosts_of(workers);
    if (hosts.size() == 1) return fmt::format("{}@{}", workers, hosts.begin()->first);
    return fmt::format("{}@{} hosts", workers, hosts.size());
  }

 private:
  // Waiting for kReady covers building the workload on the worker (outside
  // any timer); a rank that neither answers nor dies is reported, not waited
  // on forever. Task results have no limit: a task may legitimately be slow.
  static constexpr double kReadyWaitLimit = 300;
  static constexpr double kHelloWaitLimit = 60;
  static constexpr unsigned kRangesInFlight = 2;
  // Longest sleep between probes while ranks compute. With a range queued on
  // every rank, a late reply costs the ranks nothing, while each wake-up of
  // the coordinator costs CPU the ranks would use (about 8% of a core at
  // 0.2 ms on 2 cores).
  static constexpr long kFarmSleepLimitUs = 1000;

  // Settings a user would otherwise have to know (as root, on a laptop with
  // fewer cores than ranks, offline), unless the user set them already.
  static void set_default_environment(bool all_local) {
    auto set_default = [](const char* name, const char* value) { ::setenv(name, value, 0); };
    if (::geteuid() == 0) {
      set_default("OMPI_ALLOW_RUN_AS_ROOT", "1");
      set_default("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
    }
    set_default("OMPI_MCA_rmaps_base_oversubscribe", "1");
    // TCP and shared memory only: no InfiniBand/UCX probing (and its
    // warnings) on machines that have none.
    set_default("OMPI_MCA_pml", "ob1");
    set_default("OMPI_MCA_btl", "self,vader,tcp");
    if (all_local) {
      set_default("OMPI_MCA_btl_tcp_if_include", "lo");
      set_default("OMPI_MCA_oob_tcp_if_include", "lo");
    }
  }

  void init_singleton(const std::string& hostfile) {
    set_default_environment(hostfile.empty());
    if (!std::getenv("OMPI_MCA_orte_tmpdir_base"))  // the user's choice stands
      ::setenv("OMPI_MCA_orte_tmpdir_base", make_session_base().c_str(), 1);
    if (!hostfile.empty()) use_launch_agent();
    // Ranks spawned here are children of Open MPI's helper daemon (orted),
    // itself our child. As a subreaper this process inherits any rank the
    // daemon leaves behind, and reaps it at exit: no orphan, no zombie.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    const auto start = Clock::now();
    int provided = 0;
    if (int rc = MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SINGLE, &provided); rc != MPI_SUCCESS)
      throw std::runtime_error("MPI_Init: " + error_text(rc));
    cost_.init_seconds = seconds_since(start);
    initialised_ = true;
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    std::atexit([] { get().shutdown(); });
  }

  void spawn(unsigned count, const std::string& hostfile) {
    const auto start = Clock::now();
    char self[4096] = {};
    if (::readlink("/proc/self/exe", self, sizeof self - 1) <= 0)
      throw std::runtime_error(fmt::format("cannot find this program: {}", std::strerror(errno)));
    char* args[] = {const_cast<char*>(kMpiWorkerFlag), nullptr};
    MPI_Info info = MPI_INFO_NULL;
    if (!hostfile.empty()) {
      check_hosts_resolve(hostfile);
      MPI_Info_create(&info);
      MPI_Info_set(info, "hostfile", hostfile.c_str());
    }
    MPI_Comm children = MPI_COMM_NULL;
    std::vector<int> codes(count, MPI_SUCCESS);
    int rc = MPI_SUCCESS;
    {
      SpawnWatchdog watchdog(count, hostfile);
      rc = MPI_Comm_spawn(self, args, static_cast<int>(count), info, 0, MPI_COMM_SELF, &children,
                          codes.data());
    }
    if (info != MPI_INFO_NULL) MPI_Info_free(&info);
    if (rc != MPI_SUCCESS || children == MPI_COMM_NULL)
      throw std::runtime_error(fmt::format("could not start {} MPI worker ranks{}: {}", count,
                                           hostfile.empty() ? "" : " from hostfile " + hostfile,
                                           error_text(rc)));
    MPI_Comm_set_errhandler(children, MPI_ERRORS_RETURN);
    comms_.push_back(children);
    const std::size_t first = pool_.size();
    for (unsigned r = 0; r < count; ++r) pool_.push_back({children, static_cast<int>(r), 0, {}});
    collect_hellos(first, kHelloWaitLimit);
    cost_.spawn_seconds += seconds_since(start);
    cost_.ranks_started += count;
  }

  void collect_world_hellos() {
    if (!pool_.empty()) return;
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (int r = 1; r < size; ++r) pool_.push_back({MPI_COMM_WORLD, r, 0, {}});
    if (!comms_.empty() || pool_.empty()) return;
    comms_.push_back(MPI_COMM_WORLD);
    collect_hellos(0, kHelloWaitLimit);
  }

  // Every rank from `first` on introduces itself: pid and host, for
  // liveness checks and for the workers column.
  void collect_hellos(std::size_t first, double limit) {
    const auto start = Clock::now();
    Backoff backoff(1000);
    for (std::size_t w = first; w < pool_.size();) {
      int flag = 0;
      MPI_Status status;
      MPI_Iprobe(pool_[w].rank, kHello, pool_[w].comm, &flag, &status);
      if (!flag) {
        if (seconds_since(start) > limit)
          throw RankLost(fmt::format("MPI worker rank {} did not start within {:.0f} s",
                                     pool_[w].rank, limit));
        if (interrupt_requested()) throw Stopped();
        backoff.pause();
        continue;
      }
      Hello hello;
      MPI_Recv(&hello, sizeof hello, MPI_BYTE, pool_[w].rank, kHello, pool_[w].comm,
               MPI_STATUS_IGNORE);
      hello.host[sizeof hello.host - 1] = '\0';
      pool_[w].pid = hello.pid;
      pool_[w].host = hello.host;
      backoff.reset();
      ++w;
    }
  }

  std::string name(std::size_t w) const {
    const WorkerRank& r = pool_[w];
    return fmt::format("MPI worker rank {} on host {} (pid {})", launched_ ? r.rank : static_cast<int>(w) + 1,
                       r.host, r.pid);
  }

  void send(std::size_t w, int tag, const void* data, std::size_t size) {
    int rc = MPI_Send(data, static_cast<int>(size), MPI_BYTE, pool_[w].rank, tag, pool_[w].comm);
    if (rc != MPI_SUCCESS) throw RankLost(fmt::format("sending to {}: {}", name(w), error_text(rc)));
    mechanism::add_traffic(size);
    wake(pool_[w]);
  }

  // A rank sleeping between probes (Backoff) reads the message now, if it
  // runs on this host; elsewhere within its next probe.
  void wake(const WorkerRank& r) const {
    if (r.host == this_host()) wake_rank(static_cast<pid_t>(r.pid));
  }

  // The next message from any of the first `workers` ranks. Between probes
  // it sleeps (Backoff) instead of spinning like MPI_Recv, watches for
  // Ctrl-C, and checks every 100 ms that the ranks on this host still live.
  Message receive(unsigned workers, double limit) {
    const auto start = Clock::now();
    auto last_check = start;
    Backoff backoff(kFarmSleepLimitUs, /*spin_probes=*/0);
    for (;;) {
      for (MPI_Comm comm : comms_) {
        int flag = 0;
        MPI_Status status;
        if (int rc = MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &flag, &status); rc != MPI_SUCCESS)
          throw RankLost("MPI_Iprobe: " + error_text(rc));
        if (!flag) continue;
        int count = 0;
        MPI_Get_count(&status, MPI_BYTE, &count);
        Message m{pool_.size(), status.MPI_TAG, std::string(static_cast<std::size_t>(count), '\0')};
        MPI_Recv(m.bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, comm,
                 MPI_STATUS_IGNORE);
        mechanism::add_traffic(m.bytes.size());
        for (std::size_t w = 0; w < pool_.size(); ++w)
          if (pool_[w].comm == comm && pool_[w].rank == status.MPI_SOURCE) m.worker = w;
        if (m.worker < workers) return m;  // else a stray hello: ignore
      }
      if (interrupt_requested()) throw Stopped();
      if (seconds_since(last_check) > 0.1) {
        last_check = Clock::now();
        check_alive(workers);
        if (limit > 0 && seconds_since(start) > limit)
          throw RankLost(fmt::format("no answer from the MPI worker ranks within {:.0f} s", limit));
      }
      backoff.pause();
    }
  }

  void check_alive(unsigned workers) const {
    const std::string host = this_host();
    for (std::size_t w = 0; w < workers; ++w)
      if (pool_[w].host == host && !local_process_alive(pool_[w].pid))
        throw RankLost(fmt::format("{} died during the run", name(w)));
  }

  void done_all(unsigned workers) {
    for (std::size_t w = 0; w < workers; ++w) send(w, kDone, nullptr, 0);
  }

  // After a rank died Open MPI aborts the whole spawned job, so its other
  // ranks are gone too: forget them; the next cell spawns fresh ones.
  void discard_pool() {
    if (launched_)  // mpirun's ranks cannot be replaced
      throw std::runtime_error(lost_ ? "an MPI rank was lost earlier in this run"
                                     : "the MPI ranks were interrupted earlier in this run");
    release_ranks();
    comms_.clear();
    pool_.clear();
    broken_ = lost_ = false;
  }

  // Living ranks are told to quit (after the task in hand) and disconnected;
  // after a loss Open MPI has already ended the spawned job, so a disconnect
  // would wait for ranks that are gone: the communicators are only freed.
  void release_ranks() {
    quit_living();
    for (MPI_Comm& comm : comms_) {
      if (lost_) MPI_Comm_free(&comm);
      else MPI_Comm_disconnect(&comm);
    }
  }

  // After Ctrl-C a local rank may be deep in building its workload (its gold
  // answer can take seconds) and would read kQuit only after it: SIGINT
  // raises its interrupt flag, which that computation polls.
  void quit_living() {
    const std::string host = this_host();
    for (const WorkerRank& r : pool_) {
      const bool local = r.host == host;
      if (local && !local_process_alive(r.pid)) continue;
      if (local && interrupt_requested()) ::kill(r.pid, SIGINT);
      MPI_Send(nullptr, 0, MPI_BYTE, r.rank, kQuit, r.comm);
      if (local) wake_rank(static_cast<pid_t>(r.pid));
    }
  }

  // At exit: every rank is told to quit (after the task in hand), then MPI
  // is finalised, so no rank outlives the CLI.
  void shutdown() {
    if (!initialised_) return;
    if (launched_) {
      int size = 1;
      MPI_Comm_size(MPI_COMM_WORLD, &size);
      for (int r = 1; r < size; ++r) MPI_Send(nullptr, 0, MPI_BYTE, r, kQuit, MPI_COMM_WORLD);
      for (const WorkerRank& r : pool_) wake(r);
    } else {
      release_ranks();
    }
    MPI_Finalize();
    // Starting ranks takes far longer than fork(), so it is kept out of the
    // cells' times; it is shown here instead (bench/README.md compares it).
    if (cost_.ranks_started > 0)
      fmt::print(stderr,
                 "concur-bench: mpi: starting {} worker ranks took {:.2f} s (MPI_Init {:.2f} s, "
                 "MPI_Comm_spawn {:.2f} s), not counted in the mpi cells' times\n",
                 cost_.ranks_started, cost_.init_seconds + cost_.spawn_seconds, cost_.init_seconds,
                 cost_.spawn_seconds);
    initialised_ = false;
    if (!launched_) end_helper_processes();
    remove_session_base();
  }

  // The worker ranks end on their own after kQuit. Open MPI's daemon (our
  // child) ignores SIGTERM and ends, removing its session directory under
  // /tmp, when the pipe it watches for our death closes; so that pipe is
  // closed here, once the ranks are gone, and the daemon is reaped. Only
  // what still runs after a grace period is killed.
  void end_helper_processes() const {
    const std::string host = this_host();
    const auto start = Clock::now();
    auto ranks_running = [&] {
      for (const WorkerRank& r : pool_)
        if (r.host == host && local_process_alive(r.pid)) return true;
      return false;
    };
    while (ranks_running() && seconds_since(start) < 3) ::usleep(5'000);
    end_children();
  }

  bool initialised_ = false;
  bool launched_ = false;
  bool broken_ = false;  // a farm stopped half-way: start from fresh ranks
  bool lost_ = false;    // ... because a rank died
  unsigned prepared_workers_ = 0;
  std::vector<MPI_Comm> comms_;
  std::vector<WorkerRank> pool_;
  StartupCost cost_;

  std::map<std::string, unsigned> hosts_of(unsigned workers) const {
    std::map<std::string, unsigned> hosts;
    for (std::size_t w = 0; w < workers && w < pool_.size(); ++w) ++hosts[pool_[w].host];
    return hosts;
  }
};

bool launched_by_mpirun() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"})
    if (std::getenv(name)) return true;
  return false;
}

}  // namespace

int init_if_launched(int argc, char** argv) {
  if (!launched_by_mpirun()) return -1;
  block_wake_signal();  // every rank, before MPI_Init's threads start
  int provided = 0;
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_SINGLE, &provided) != MPI_SUCCESS) return 1;
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (rank > 0) {
    int code = serve_coordinator(MPI_COMM_WORLD);
    MPI_Finalize();
    return code;
  }
  Session::get().init_launched(size > 1);
  return -1;
}

void prepare_ranks(const std::string& cell, unsigned workers, const std::string& hostfile) {
  Session::get().prepare(cell, workers, hostfile);
}
RunOutcome run_farm(std::size_t task_count, unsigned workers) {
  return Session::get().farm(task_count, workers);
}

}  // namespace concur::mpi
