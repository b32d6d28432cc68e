# SPDX-License-Identifier: GPL-3.0-or-later
# run: the run loop as a library and what is built on it: sensitivity and the backtest.
shipcast_add_test(sensitivity test_sensitivity.c shipcast_run)

shipcast_add_test(backtest test_backtest.c shipcast_run)

# calibration.csv read back (run/calibration.h): every spreadsheet variant, every error, every
# allocation failure (the allocators are wrapped).
shipcast_add_test(calibration test_calibration.c shipcast_run)
target_link_options(test_calibration PRIVATE
  -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc -Wl,--wrap=strdup)
