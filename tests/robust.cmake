# SPDX-License-Identifier: GPL-3.0-or-later
# Robustness: bad input never crashes, hangs or corrupts.
#
# hostile: every case of tests/hostile/ through the shipcast command (tests/hostile_test.sh).
# fuzz-replay-TARGET: the fuzz targets built without libFuzzer (fuzz/replay.c) replay their
# seed corpus and every saved crash, so the ordinary debug and ASan+UBSan builds keep each
# fixed crash fixed. The fuzzing itself is fuzz/run.sh (clang, SHIPCAST_FUZZ).
add_test(NAME hostile
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/hostile_test.sh $<TARGET_FILE:shipcast>
                 ${PROJECT_SOURCE_DIR})

# Under SHIPCAST_FUZZ the libraries carry libFuzzer's coverage hooks; replay is for the others.
if(NOT SHIPCAST_FUZZ)
  set(fuzz_dir ${PROJECT_SOURCE_DIR}/fuzz)
  foreach(target date plan ini table calibration datefmt tz import json)
    add_executable(fuzz_replay_${target}
                   ${fuzz_dir}/fuzz_${target}.c ${fuzz_dir}/fuzz_common.c ${fuzz_dir}/replay.c)
    target_include_directories(fuzz_replay_${target} PRIVATE ${fuzz_dir})
    target_link_libraries(fuzz_replay_${target} PRIVATE shipcast_scenarios shipcast_flags m)
    add_test(NAME fuzz-replay-${target}
             COMMAND fuzz_replay_${target} ${fuzz_dir}/corpus/${target}
                     ${fuzz_dir}/regressions/${target})
  endforeach()
  target_link_libraries(fuzz_replay_calibration PRIVATE shipcast_run)
endif()
