/* The commitment form: the framework-element select keeps only the group of options of the
   chosen level (commitments/staff_admin.py). Without JavaScript every group is shown, each
   labelled with its level, and a wrong pair is refused on save. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var level = document.getElementById("id_level");
  var element = document.querySelector("select[data-grouped-by='level']");
  if (!level || !element) return;

  function chosenLevel() {
    var option = level.options[level.selectedIndex];
    return option && option.value ? option.text : "";
  }

  function filter() {
    var label = chosenLevel();
    Array.prototype.forEach.call(element.querySelectorAll("optgroup"), function (group) {
      var other = label !== "" && group.label !== label;
      group.hidden = other;
      group.disabled = other;
      if (other && group.contains(element.options[element.selectedIndex])) element.value = "";
    });
  }

  level.addEventListener("change", filter);
  filter();
});
