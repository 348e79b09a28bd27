// analyse(): the one pass from a measured (or loaded) report to its
// Analysis (concur/analysis.hpp). Split by concern: per-cell estimates and
// warnings (analysis.cpp), rankings, explanations and verdicts
// (analysis_verdicts.cpp), scaling fits (analysis_scaling.cpp).
#pragma once

#include <optional>
#include <vector>

#include "concur/result.hpp"

namespace concur {

// Relative slack before a speedup counts as beyond what workers or CPUs allow.
inline constexpr double kSpeedupTolerance = 0.10;
// Cores used at or below this, with two or more workers: one core at a time,
// if the cores it wanted (used + waited for) stay at or below the second:
// a hand-over of the lock lets the next thread queue an instant early.
inline constexpr double kOneCoreLimit = 1.05;
inline constexpr double kOneCoreWantedLimit = 1.15;
// ... or, for a cell whose workers wait on a lock, cores wanted below the
// second, or cores used at most the third times the baseline's single
// thread's under the same load.
inline constexpr double kLockedWantedLimit = 1.7;
inline constexpr double kOneThreadsShareLimit = 1.15;
// Run-queue delay share from which a cell was kept off its CPUs.
inline constexpr double kBusyRunDelayShare = 0.10;
// Others' share of the machine's CPU time from which, over a workload's
// cells, they disturbed its times, and over one cell, its queueing was theirs.
inline constexpr double kOthersBusyShare = 0.10;
// The least machine CPU time (wall x CPUs over the repetitions) from which
// others' share is told: 100 ticks, so a tick's error per repetition fades.
inline constexpr double kMinMachineSeconds = 1.0;
// Share of the work's time waiting on transfers from which a cell waits on I/O.
inline constexpr double kIoWaitShare = 0.5;
// Lock-wait share, or voluntary switches a second, from which below a core
// a cell waits on its lock.
inline constexpr double kLockWaitShare = 0.25;
inline constexpr double kLockSwitchesPerSecond = 1000;
// Work inflation whose whole interval lies above this is overhead worth naming.
inline constexpr double kInflationLimit = 1.2;
// Cores used from this share of min(workers, CPUs) on: the workers kept them busy.
inline constexpr double kBusyCoresShare = 0.8;

// Fills report.analysis from the cells, the sampling settings and the
// machine state; deterministic (bootstraps seeded from report.sampling.seed
// and each cell's name), so a loaded report analyses to the same object.
void analyse(RunReport& report);

// Of the machine's CPU time while `cells` ran (wall x usable CPUs, summed
// over every repetition), the share other programs and the hypervisor took
// (MechanismSample::machine_busy_seconds less the cells' own CPU); sums,
// not a median of ratios: /proc/stat counts in 10 ms ticks, which only a
// sum averages out. Empty where a repetition lacks it, or below
// kMinMachineSeconds of the machine's CPU time.
std::optional<double> others_cpu_share(const std::vector<const CellResult*>& cells, unsigned cpus);

// The CPU seconds of each repetition: the mechanism's where measured, else
// the runner's own.
std::vector<double> cpu_per_repetition(const CellResult& cell);

// The parts, for tests and for analyse().
std::vector<CellAnalysis> analyse_cells(const RunReport& report);
std::vector<Warning> collect_warnings(const RunReport& report);  // needs analysis.cells
std::vector<Ranking> rank_models(const RunReport& report);       // needs analysis.cells
std::vector<Explanation> explain(const RunReport& report);       // needs cells and rankings
std::vector<AnalysisVerdict> judge_workloads(const RunReport& report);   // needs cells and rankings
std::vector<ModelScaling> analyse_scaling(const RunReport& report);  // needs analysis.cells

// Least-squares fits over a sweep's points (workers > 1 matter).
std::optional<double> fit_serial_fraction(const std::vector<ScalingPoint>& points);
// Karp-Flatt's trend over the points (by increasing workers).
KarpFlattTrend karp_flatt_trend(const std::vector<ScalingPoint>& points);
// Universal Scalability Law on the speedups; nullopt below 3 worker counts.
std::optional<UslFit> fit_usl(const std::vector<ScalingPoint>& points);

}  // namespace concur
