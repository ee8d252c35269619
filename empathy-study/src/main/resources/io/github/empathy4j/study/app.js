// The rating page: counts the answered items and keeps the submit button off until every item is answered.
(function () {
  var form = document.getElementById('ratings');
  if (!form) { return; }
  var items = form.querySelectorAll('section.item');
  var count = document.getElementById('count');
  var send = document.getElementById('send');
  function update() {
    var answered = 0;
    items.forEach(function (item) {
      var done = item.querySelector('input[type=radio]:checked') !== null;
      if (done) { answered++; item.classList.remove('open'); }
    });
    count.textContent = answered + ' of ' + items.length + ' answered';
    send.disabled = answered < items.length;
  }
  form.addEventListener('change', update);
  form.addEventListener('submit', function () { send.disabled = true; });
  update();
}());
