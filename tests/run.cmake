# SPDX-License-Identifier: GPL-3.0-or-later
# run: the run loop as a library and what is built on it: sensitivity and the backtest.
shipcast_add_test(sensitivity test_sensitivity.c shipcast_run)

shipcast_add_test(backtest test_backtest.c shipcast_run)
