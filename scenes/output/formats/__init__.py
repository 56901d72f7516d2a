"""What frames become: stills and videos (encode, video_outputs), and the companions written beside them:
captions, chapters, poster, slides and the web page (companions keeps them in step with their video).
"""
