//! The test helpers themselves: a child process that ran no test must not
//! pass for one that ran the scenario.

use crate::common::child;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(60);

/// A name `--exact` matches no test with: the child runs nothing and exits
/// successfully, and the parent must still fail.
#[test]
fn a_child_that_ran_no_test_fails_the_parent() {
    let outcome = child::spawn(module_path!(), "there_is_no_such_test", LIMIT);
    let checked = std::panic::catch_unwind(|| {
        outcome.assert_success();
    });
    assert!(
        checked.is_err(),
        "passed on a child that ran nothing: {outcome:?}"
    );
}

/// The name the child is run with is the test's full name in this binary,
/// `module::function`, and the child plays the scenario there.
#[test]
fn a_child_runs_its_own_test_in_a_module() {
    assert_eq!(
        child::full_name(module_path!(), "a_child_runs_its_own_test_in_a_module"),
        "harness::a_child_runs_its_own_test_in_a_module"
    );
    let printed = child::isolated(
        module_path!(),
        "a_child_runs_its_own_test_in_a_module",
        LIMIT,
        || println!("the scenario ran in the child"),
    );
    if let Some(printed) = printed {
        assert!(
            printed.contains("the scenario ran in the child"),
            "{printed}"
        );
    }
}
