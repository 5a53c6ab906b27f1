# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bounded polling shared by the modules that wait for AWS to settle."""

import time


class WaitTimeout(Exception):
    """The awaited state was not reached in time; ``last`` holds the last value read."""

    def __init__(self, message, last=None):
        super().__init__(message)
        self.last = last


def wait_until(read, is_done, timeout, delay, consecutive=1, is_failed=None, clock=time.monotonic, sleep=time.sleep):
    """Call ``read()`` until ``is_done(value)`` holds ``consecutive`` times in a row.

    ``is_failed(value)``, when given, stops the wait early with the value (the
    caller decides what a terminal failure means). Returns the last value read.
    Raises ``WaitTimeout`` once ``timeout`` seconds have passed. ``timeout=0``
    reads once and never sleeps.
    """
    deadline = clock() + max(0, timeout)
    in_a_row = 0
    while True:
        value = read()
        if is_failed is not None and is_failed(value):
            return value
        in_a_row = in_a_row + 1 if is_done(value) else 0
        if in_a_row >= consecutive:
            return value
        if clock() + delay > deadline:
            raise WaitTimeout("gave up after %s seconds" % timeout, last=value)
        sleep(delay)
